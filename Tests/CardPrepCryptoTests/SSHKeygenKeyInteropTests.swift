import Foundation
import Testing

@testable import CardPrepCrypto

@Suite("SSH keys against OpenSSH ssh-keygen", .enabled(if: SSHKeygenFolder.isAvailable, "needs /usr/bin/ssh-keygen"))
struct SSHKeygenKeyInteropTests {
    @Test func keyMadeBySSHKeygenLoads() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("id", comment: "ops@bureau").status == 0)
        let key = try SSHEd25519SigningKey(openSSHPrivateKey: folder.read("id"))

        let publicFile = try folder.read("id.pub").trimmingCharacters(in: .newlines)
        #expect(key.publicKey.authorizedKeyLine(comment: "ops@bureau") == publicFile)
        #expect(try SSHEd25519PublicKey(authorizedKeyLine: publicFile) == key.publicKey)

        let derived = try folder.run(["-y", "-f", "id"])
        #expect(derived.status == 0)
        #expect(derived.output.split(separator: " ").prefix(2).joined(separator: " ")
            == key.publicKey.authorizedKeyLine(comment: nil))

        let listed = try folder.run(["-l", "-f", "id.pub"])
        #expect(listed.status == 0)
        #expect(listed.output.split(separator: " ")[1] == Substring(key.publicKey.fingerprint))
    }

    @Test func ourPrivateKeyFileIsAcceptedBySSHKeygen() throws {
        let folder = try SSHKeygenFolder()
        let key = SSHEd25519SigningKey.generate()
        for comment in ["", "x", "card bureau demo key"] {
            try? FileManager.default.removeItem(atPath: folder.file("ours"))
            try folder.write(key.openSSHPrivateKey(comment: comment), to: "ours", mode: 0o600)
            let derived = try folder.run(["-y", "-f", "ours"])
            #expect(derived.status == 0, "\(derived.errors)")
            #expect(derived.output == key.publicKey.authorizedKeyLine(comment: comment) + "\n")
            let listed = try folder.run(["-l", "-f", "ours"])
            #expect(listed.output.split(separator: " ")[1] == Substring(key.publicKey.fingerprint))
        }
    }

    @Test func sshKeygenSignsWithOurKeyExactlyAsWeDo() throws {
        let folder = try SSHKeygenFolder()
        let key = SSHEd25519SigningKey.generate()
        try folder.write(key.openSSHPrivateKey(comment: "ours"), to: "ours")
        let message = Array("drop 2024-05-01 order.xml cards.csv.age\n".utf8)
        let theirs = try folder.sign(message, keyName: "ours", namespace: "cardprep-manifest")
        #expect(try SSHSignature.verify(
            theirs, message: message, namespace: "cardprep-manifest", trustedKeys: [key.publicKey]) == key.publicKey)
        // Ed25519 is deterministic (RFC 8032): the same key, namespace and message give the same bytes.
        #expect(try SSHSignature.sign(message, namespace: "cardprep-manifest", with: key) == theirs)
    }

    @Test func encryptedKeyIsRefusedWithAClearError() throws {
        let folder = try SSHKeygenFolder()
        let made = try folder.run(["-q", "-t", "ed25519", "-N", "secret words", "-f", "locked"])
        #expect(made.status == 0)
        #expect(throws: SSHKeyError.encryptedPrivateKey(cipher: "aes256-ctr", kdf: "bcrypt")) {
            try SSHEd25519SigningKey(openSSHPrivateKey: folder.read("locked"))
        }
    }

    @Test func otherKeyTypesAreRefused() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.run(["-q", "-t", "ecdsa", "-N", "", "-f", "ec"]).status == 0)
        #expect(throws: SSHKeyError.unsupportedKeyType("ecdsa-sha2-nistp256")) {
            try SSHEd25519SigningKey(openSSHPrivateKey: folder.read("ec"))
        }
        #expect(throws: SSHKeyError.unsupportedKeyType("ecdsa-sha2-nistp256")) {
            try SSHEd25519PublicKey(authorizedKeyLine: folder.read("ec.pub"))
        }
    }

    @Test func keyFileWithLooseModeIsRefusedBeforeParsing() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("id", comment: "c").status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.file("id"))
        #expect(throws: KeyFileError.tooOpen(path: folder.file("id"), mode: 0o644)) {
            try PrivateKeyFile.read(folder.file("id"))
        }
    }
}
