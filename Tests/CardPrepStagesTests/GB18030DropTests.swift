import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct GB18030DropTests {
    static let chineseNames = ["张伟", "王芳", "李娜", "刘洋"]

    /// Converts UTF-8 text to GB18030 with glibc's iconv tool, through pipes only (the card data never touches disk).
    func gb18030(_ text: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(bytes)
    }

    @Test func chineseNamesInAGB18030FileReachTheLaserJobIntact() throws {
        let fixture = try IngestFixture(customers: 1, cards: 8, stages: ["ingest", "validate", "transform"])
        let drop = fixture.generated.drops[0]
        let folder = fixture.inboxPath(drop)
        // Give the access cards Chinese names and send the file in GB18030.
        var nameIndex = 0
        let lines = String(decoding: try fixture.plaintext(of: drop), as: UTF8.self).split(separator: "\n").map { line -> String in
            var fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields[0] == "D", fields[3].hasSuffix("ACCESS") else { return String(line) }
            fields[7] = Self.chineseNames[nameIndex % Self.chineseNames.count]
            nameIndex += 1
            return fields.joined(separator: "|")
        }
        let encoded = try gb18030(lines.joined(separator: "\n") + "\n")
        // 张 is D5 C5 in GB18030 (E5 BC A0 in UTF-8): the file really is GB18030.
        #expect(encoded.indices.dropLast().contains { encoded[$0] == 0xD5 && encoded[$0 + 1] == 0xC5 })
        #expect(!encoded.indices.dropLast(2).contains { encoded[$0] == 0xE5 && encoded[$0 + 1] == 0xBC && encoded[$0 + 2] == 0xA0 })
        let cardFile = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".age") }!
        try FileManager.default.removeItem(atPath: folder + "/" + cardFile)
        let sink = try AgeEncryptingSink(wrapping: try FileByteSink(creating: folder + "/" + cardFile),
                                         recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)], armored: false)
        try sink.write(encoded)
        try sink.finish().finish()
        try fixture.reseal(folder)
        let profile = fixture.root + "/customers/cust-01.yml"
        try String(contentsOfFile: profile, encoding: .utf8).replacingOccurrences(of: "encoding: utf8", with: "encoding: gb18030")
            .write(toFile: profile, atomically: true, encoding: .utf8)

        let report = try fixture.run()
        #expect(report.exitCode == .ok, "\(report.summary)")
        let manifestOut = try #require(report.transform?.manifests.first)
        let laser = try #require(manifestOut.jobs.first { $0.machine == "laser-1" })
        let text = try fixture.jobText(laser)
        for name in Self.chineseNames { #expect(text.contains(name), "\(name) missing from the laser job") }
        // The embosser's names stay in the ISO 7811 set (its carrier lines print names as written).
        let embosser = try #require(manifestOut.jobs.first { $0.machine == "embosser-1" })
        for line in try fixture.jobText(embosser).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            #expect(fields[4].unicodeScalars.allSatisfy { $0.isASCII } && fields[5].unicodeScalars.allSatisfy { $0.isASCII })
        }
    }
}
