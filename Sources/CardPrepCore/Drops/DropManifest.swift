/// A drop's `MANIFEST.sha256`: one line per file, in the format `sha256sum` writes and `sha256sum -c` reads.
public struct DropManifest: Sendable, Equatable {
    /// One listed file.
    public struct Entry: Sendable, Equatable {
        /// The file's name inside the drop folder (no folders).
        public var name: String
        /// Lowercase hex SHA-256 of the file.
        public var sha256: String

        /// Creates an entry.
        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// The file name the sender writes last.
    public static let fileName = "MANIFEST.sha256"
    /// The detached signature beside it.
    public static let signatureFileName = "MANIFEST.sha256.sig"

    /// The listed files, in manifest order.
    public var entries: [Entry]

    /// Parses manifest text.
    /// - Throws: `DropManifestError` naming the line that is not `<64 hex digits><space><space or *><name>`,
    ///   a name with a folder or a control character, or a name listed twice.
    public init(text: String) throws(DropManifestError) {
        var entries: [Entry] = []
        var seen = Set<String>()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            let lineNumber = index + 1
            let chars = Array(line)
            guard chars.count > 66, chars[64] == " ", chars[65] == " " || chars[65] == "*" else {
                throw .malformedLine(lineNumber)
            }
            let digest = String(chars[0..<64]).lowercased()
            guard digest.allSatisfy({ $0.isHexDigit }) else { throw .malformedLine(lineNumber) }
            let name = String(chars[66...])
            guard Self.isPlainName(name) else { throw .forbiddenName(line: lineNumber, name: name) }
            guard name != Self.fileName, name != Self.signatureFileName else { throw .forbiddenName(line: lineNumber, name: name) }
            guard seen.insert(name).inserted else { throw .duplicateName(line: lineNumber, name: name) }
            entries.append(Entry(name: name, sha256: digest))
        }
        guard !entries.isEmpty else { throw .empty }
        self.entries = entries
    }

    /// Creates a manifest from entries (for senders and the fixtures generator).
    public init(entries: [Entry]) { self.entries = entries }

    /// The manifest as `sha256sum` prints it, sorted by name.
    public var text: String {
        entries.sorted { $0.name < $1.name }.map { "\($0.sha256)  \($0.name)\n" }.joined()
    }

    /// Whether `name` is a plain file name: no folder, no `.`/`..`, no control characters, not hidden.
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.hasPrefix(".") && !name.contains("/")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }
}

/// Why a manifest could not be read.
public enum DropManifestError: Error, Equatable, CustomStringConvertible {
    case malformedLine(Int)
    case forbiddenName(line: Int, name: String)
    case duplicateName(line: Int, name: String)
    case empty

    public var description: String {
        switch self {
        case let .malformedLine(line): "\(DropManifest.fileName) line \(line): not '<sha256>  <file name>'"
        case let .forbiddenName(line, name): "\(DropManifest.fileName) line \(line): file name '\(name)' is not allowed"
        case let .duplicateName(line, name): "\(DropManifest.fileName) line \(line): '\(name)' is listed twice"
        case .empty: "\(DropManifest.fileName) lists no files"
        }
    }
}
