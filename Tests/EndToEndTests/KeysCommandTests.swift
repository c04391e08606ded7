import Foundation
import Testing

@Suite struct KeysCommandTests {
    func tool(_ path: String, _ arguments: [String], input: Data? = nil) throws -> BuiltExecutable.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out; process.standardError = err; process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, standardOutput: String(decoding: o, as: UTF8.self),
                     standardError: String(decoding: e, as: UTF8.self))
    }

    @Test func generatedKeysWorkWithAgeAndSshKeygen() throws {
        let folder = try TemporaryFolder()
        let dir = folder.url.path + "/keys"
        let made = try BuiltExecutable(name: "cardprep").run(["keys", "generate", "--dir", dir, "--principal", "cardprep@test"])
        #expect(made.status == 0, "\(made.standardError)")
        for (name, mode) in [("bureau.agekey", 0o600), ("bureau-signing", 0o600), ("fingerprint.key", 0o600),
                             ("bureau.agekey.pub", 0o644), ("bureau-signing.pub", 0o644), ("allowed_signers", 0o644)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(name)")
        }
        // Customers encrypt with age to the recipient; the identity file is one age reads too.
        let recipient = try String(contentsOfFile: dir + "/bureau.agekey.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(recipient.hasPrefix("age1"))
        let secret = Data("4111111111111111|TEST".utf8)
        let encrypted = try tool("/usr/bin/age", ["-a", "-r", recipient], input: secret)
        #expect(encrypted.status == 0)
        let decrypted = try tool("/usr/bin/age", ["-d", "-i", dir + "/bureau.agekey"], input: Data(encrypted.standardOutput.utf8))
        #expect(Data(decrypted.standardOutput.utf8) == secret)
        // The signing key is an OpenSSH key: ssh-keygen derives the same public line and signs with it.
        let derived = try tool("/usr/bin/ssh-keygen", ["-y", "-f", dir + "/bureau-signing"])
        let published = try String(contentsOfFile: dir + "/bureau-signing.pub", encoding: .utf8)
        #expect(published.hasPrefix(derived.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").prefix(2).joined(separator: " ")))
        let message = folder.url.path + "/message"
        try Data("report".utf8).write(to: URL(fileURLWithPath: message))
        #expect(try tool("/usr/bin/ssh-keygen", ["-Y", "sign", "-q", "-f", dir + "/bureau-signing", "-n", "cardprep-report", message]).status == 0)
        let verified = try tool("/usr/bin/ssh-keygen", ["-Y", "verify", "-f", dir + "/allowed_signers", "-I", "cardprep@test",
                                                          "-n", "cardprep-report", "-s", message + ".sig"], input: Data("report".utf8))
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    @Test func existingKeysAreNeverOverwritten() throws {
        let folder = try TemporaryFolder()
        let dir = folder.url.path
        #expect(try BuiltExecutable(name: "cardprep").run(["keys", "generate", "--dir", dir]).status == 0)
        let before = try String(contentsOfFile: dir + "/bureau.agekey", encoding: .utf8)
        let again = try BuiltExecutable(name: "cardprep").run(["keys", "generate", "--dir", dir])
        #expect(again.status == 1)
        #expect(again.standardError.contains("exists already"))
        #expect(try String(contentsOfFile: dir + "/bureau.agekey", encoding: .utf8) == before)
    }
}
