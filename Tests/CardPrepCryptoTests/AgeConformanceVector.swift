import Foundation

/// One file of the C2SP age conformance vectors: `key: value` lines, a blank line, then the age file.
struct AgeConformanceVector: CustomStringConvertible, Sendable {
    let name: String
    let expect: String
    let payloadSHA256: String?
    let identities: [String]
    let passphrases: [String]
    let ageFile: [UInt8]
    var description: String { name }

    init(name: String, contents: [UInt8], inflate: ([UInt8]) throws -> [UInt8]) throws {
        guard let blank = (0..<max(0, contents.count - 1)).first(where: { contents[$0] == 0x0A && contents[$0 + 1] == 0x0A })
        else { throw TestFailure("\(name): no blank line after the vector's header") }
        var fields: [(String, String)] = []
        for line in String(decoding: contents[..<blank], as: UTF8.self).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("\(name): bad line \(line)") }
            fields.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        func values(_ key: String) -> [String] { fields.filter { $0.0 == key }.map(\.1) }
        self.name = name
        expect = values("expect").first ?? ""
        payloadSHA256 = values("payload").first
        identities = values("identity")
        passphrases = values("passphrase")
        let body = Array(contents[(blank + 2)...])
        ageFile = values("compressed").first == "zlib" ? try inflate(body) : body
    }

    /// Every vector in the shared test data, or an empty list when the folder is absent.
    static func all() -> [AgeConformanceVector] {
        let folder = AgeTestSupport.vectorsFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().filter { $0 != "README.md" }.compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
            return try? AgeConformanceVector(name: name, contents: [UInt8](data), inflate: AgeTestSupport.inflateZlib)
        }
    }
}
