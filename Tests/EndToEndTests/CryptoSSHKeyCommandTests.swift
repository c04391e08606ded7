import Foundation
import Testing

/// `cardprep crypto` with an SSH key as recipient and identity, against the `age` tool, both ways.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/age"), "the age tool is not installed"))
struct CryptoSSHKeyCommandTests {
    @Test func sshEd25519KeysEncryptAndDecryptLikeAge() throws {
        let folder = try TemporaryFolder()
        let key = folder.url.path + "/id_ed25519"
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-carol", toPath: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        try FileManager.default.copyItem(
            atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-carol.pub", toPath: key + ".pub")
        let plaintext = Data("vault key share, in transit\n".utf8)
        let cardprep = BuiltExecutable(name: "cardprep"), age = BuiltExecutable.system("/usr/bin/age")

        let ours = try cardprep.run(["crypto", "encrypt", "-R", key + ".pub", "-a"], input: plaintext)
        #expect(ours.status == 0, "\(ours.standardError)")
        let openedByAge = try age.run(["-d", "-i", key], input: Data(ours.standardOutput.utf8))
        #expect(openedByAge.status == 0, "\(openedByAge.standardError)")
        #expect(openedByAge.standardOutput == String(decoding: plaintext, as: UTF8.self))

        let theirs = try age.run(["-R", key + ".pub", "-a"], input: plaintext)
        #expect(theirs.status == 0, "\(theirs.standardError)")
        let openedByUs = try cardprep.run(["crypto", "decrypt", "-i", key], input: Data(theirs.standardOutput.utf8))
        #expect(openedByUs.status == 0, "\(openedByUs.standardError)")
        #expect(openedByUs.standardOutput == String(decoding: plaintext, as: UTF8.self))

        let wrongKey = folder.url.path + "/dave"
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-dave", toPath: wrongKey)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrongKey)
        #expect(try cardprep.run(["crypto", "decrypt", "-i", wrongKey], input: Data(theirs.standardOutput.utf8)).status == 5)
    }
}
