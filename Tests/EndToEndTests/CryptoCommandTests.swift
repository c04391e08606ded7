import Foundation
import Testing

/// `cardprep crypto` against the `age` tool, through the built executable.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/age"), "the age tool is not installed"))
struct CryptoCommandTests {
    let cardprep = BuiltExecutable(name: "cardprep")
    let folder: TemporaryFolder
    let keyFile: String
    let recipient: String
    let plaintext: Data

    init() throws {
        folder = try TemporaryFolder()
        keyFile = folder.url.appendingPathComponent("key.txt").path
        #expect(try Self.tool("/usr/bin/age-keygen", ["-o", keyFile]) == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let public_ = folder.url.appendingPathComponent("recipient.txt").path
        #expect(try Self.tool("/bin/sh", ["-c", "/usr/bin/age-keygen -y '\(keyFile)' > '\(public_)'"]) == 0)
        recipient = try String(contentsOfFile: public_, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        plaintext = Data((0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
        try plaintext.write(to: path("plain"))
    }

    private func path(_ name: String) -> URL { folder.url.appendingPathComponent(name) }

    /// Runs a tool, returning its exit status.
    @discardableResult
    private static func tool(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The names in the temporary folder, temporary files included.
    private func folderContents() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.url.path))
    }

    @Test(arguments: [false, true])
    func ageOutputDecryptsWithCardPrep(armored: Bool) throws {
        let encrypted = path("age-made.age").path
        #expect(try Self.tool("/usr/bin/age", (armored ? ["-a"] : []) + ["-r", recipient, "-o", encrypted, path("plain").path]) == 0)
        let outcome = try cardprep.run(["crypto", "decrypt", "-i", keyFile, "-o", path("out").path, encrypted])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try Data(contentsOf: path("out")) == plaintext)
    }

    @Test(arguments: [false, true])
    func cardPrepOutputDecryptsWithAge(armored: Bool) throws {
        let encrypted = path("cardprep-made.age").path
        let outcome = try cardprep.run(
            ["crypto", "encrypt", "-r", recipient] + (armored ? ["--armor"] : []) + ["-o", encrypted, path("plain").path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let head = try Data(contentsOf: URL(fileURLWithPath: encrypted)).prefix(10)
        #expect(String(decoding: head, as: UTF8.self) == (armored ? "-----BEGIN" : "age-encryp"))
        #expect(try Self.tool("/usr/bin/age", ["-d", "-i", keyFile, "-o", path("out").path, encrypted]) == 0)
        #expect(try Data(contentsOf: path("out")) == plaintext)
    }

    @Test func failingDecryptLeavesNoOutputFile() throws {
        let encrypted = path("c.age")
        #expect(try cardprep.run(["crypto", "encrypt", "-r", recipient, "-o", encrypted.path, path("plain").path]).status == 0)
        var tampered = try Data(contentsOf: encrypted)
        tampered[tampered.count - 100] ^= 0x20
        try tampered.write(to: path("tampered.age"))
        let before = try folderContents()

        let altered = try cardprep.run(["crypto", "decrypt", "-i", keyFile, "-o", path("out").path, path("tampered.age").path])
        #expect(altered.status == 5)
        #expect(altered.standardError.hasPrefix("cardprep: error: payload chunk 2 failed authentication"))
        #expect(try folderContents() == before)

        let otherKey = path("other.txt").path
        try Self.tool("/usr/bin/age-keygen", ["-o", otherKey])
        let wrongKey = try cardprep.run(["crypto", "decrypt", "-i", otherKey, "-o", path("out").path, encrypted.path])
        #expect(wrongKey.status == 5)
        #expect(wrongKey.standardError == "cardprep: error: no identity matched any of the file's recipients\n")
        #expect(!FileManager.default.fileExists(atPath: path("out").path))
    }

    @Test func passphraseRoundTrip() throws {
        let passphraseFile = path("pass.txt")
        try Data("correct horse battery staple\n".utf8).write(to: passphraseFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passphraseFile.path)
        let encrypt = try cardprep.run(
            ["crypto", "encrypt", "-p", passphraseFile.path, "--work-factor", "10", "-o", path("p.age").path, path("plain").path])
        #expect(encrypt.status == 0, "\(encrypt.standardError)")
        let decrypt = try cardprep.run(
            ["crypto", "decrypt", "--passphrase-file", passphraseFile.path, "-o", path("out").path, path("p.age").path])
        #expect(decrypt.status == 0, "\(decrypt.standardError)")
        #expect(try Data(contentsOf: path("out")) == plaintext)
    }

    @Test func usageAndKeyFileErrorsUseTheSharedExitCodes() throws {
        #expect(try cardprep.run(["crypto", "encrypt", path("plain").path]).status == 64)
        let badRecipient = try cardprep.run(["crypto", "encrypt", "-r", "age1nope", "-o", path("x").path, path("plain").path])
        #expect(badRecipient.status == 64)
        #expect(badRecipient.standardError.hasPrefix("cardprep: error: recipient \"age1nope\""))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
        let loose = try cardprep.run(["crypto", "decrypt", "-i", keyFile, "-o", path("out").path, path("plain").path])
        #expect(loose.status == 1)
        #expect(loose.standardError.contains("chmod 600"))
        #expect(!FileManager.default.fileExists(atPath: path("out").path))
    }

    @Test func streamsThroughStandardInputAndOutput() throws {
        let armored = try cardprep.run(["crypto", "encrypt", "-a", "-r", recipient], input: Data("4111 1111 1111 1111\n".utf8))
        #expect(armored.status == 0)
        #expect(armored.standardOutput.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----\n"))
        let decrypted = try cardprep.run(["crypto", "decrypt", "-i", keyFile], input: Data(armored.standardOutput.utf8))
        #expect(decrypted.status == 0)
        #expect(decrypted.standardOutput == "4111 1111 1111 1111\n")
    }
}
