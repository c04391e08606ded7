import Foundation
import Testing

@testable import CardPrepCrypto

/// The key kinds people sign statements with, against OpenSSH's own `ssh-keygen`: ECDSA P-256 keys made and used by
/// ssh-keygen, and security-key Ed25519 signatures made by following the format (no token on the test machines).
@Suite("People's keys against ssh-keygen", .enabled(if: SSHKeygenFolder.isAvailable, "needs /usr/bin/ssh-keygen"))
struct SSHPersonKeyInteropTests {
    let message = Array("cardprep-statement/1\naction: vault.open\nsubject: bundle 3f2a\n".utf8)
    let namespace = "cardprep-statement"

    /// Runs `ssh-keygen -Y verify` for `principal` holding `keyLine`; returns the outcome.
    func sshKeygenVerify(
        _ signature: String, message: [UInt8], keyLine: String, in folder: SSHKeygenFolder
    ) throws -> SSHKeygenFolder.Outcome {
        try folder.write("person@bureau \(keyLine)\n", to: "allowed_signers")
        try folder.write(signature, to: "candidate.sig")
        return try folder.run(
            ["-Y", "verify", "-f", "allowed_signers", "-I", "person@bureau", "-n", namespace, "-s", "candidate.sig"],
            input: message)
    }

    @Test(arguments: ["sha512", "sha256"])
    func ecdsaSignaturesFromSSHKeygenVerify(hashAlgorithm: String) throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.run(["-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "bob", "-f", "bob"]).status == 0)
        let line = try folder.read("bob.pub")
        let key = try SSHPublicKey(authorizedKeyLine: line)
        guard case .ecdsaP256 = key else { Issue.record("\(key.keyType)"); return }
        #expect(key.authorizedKeyLine(comment: "bob") == line.trimmingCharacters(in: .newlines))
        let listed = try folder.run(["-l", "-f", "bob.pub"])
        #expect(listed.output.contains(key.fingerprint), "\(listed.output)")

        let signature = try folder.sign(
            message, keyName: "bob", namespace: namespace, options: ["-O", "hashalg=\(hashAlgorithm)"])
        #expect(try SSHSignature.verify(signature, message: message, namespace: namespace, signers: [key]) == key)

        var altered = message
        altered[altered.count - 2] ^= 0x01
        #expect(throws: SSHSignatureError.badSignature(fingerprint: key.fingerprint)) {
            try SSHSignature.verify(signature, message: altered, namespace: namespace, signers: [key])
        }
        var blob = try SSHSignatureBlob(parsing: SSHSignatureBlob.armor.dearmor(signature))
        blob.signature[blob.signature.count - 1] ^= 0x01
        #expect(throws: SSHSignatureError.badSignature(fingerprint: key.fingerprint)) {
            try SSHSignature.verify(
                SSHSignatureBlob.armor.armor(blob.bytes), message: message, namespace: namespace, signers: [key])
        }
        #expect(throws: SSHSignatureError.keyTypeNotAccepted("ecdsa-sha2-nistp256", accepted: ["ssh-ed25519"])) {
            try SSHSignature.verify(signature, message: message, namespace: namespace, trustedKeys: [SSHEd25519PublicKey]())
        }
    }

    @Test func securityKeySignaturesAgreeWithSSHKeygen() throws {
        let folder = try SSHKeygenFolder()
        let signer = SecurityKeyTestSigner(key: .generate())
        let line = signer.authorizedKeyLine(comment: "carol-token")
        let key = try SSHPublicKey(authorizedKeyLine: line)
        #expect(key == .securityKeyEd25519(signer.publicKey))
        try folder.write(line + "\n", to: "carol.pub")
        #expect(try folder.run(["-l", "-f", "carol.pub"]).output.contains(key.fingerprint))

        let signature = try signer.sign(message, namespace: namespace)
        let theirs = try sshKeygenVerify(signature, message: message, keyLine: line, in: folder)
        #expect(theirs.status == 0, "\(theirs.errors)")
        #expect(try SSHSignature.verify(signature, message: message, namespace: namespace, signers: [key]) == key)

        // One flipped byte of the Ed25519 signature (inside the blob, before flags and counter): both refuse it.
        var bytes = try SSHSignatureBlob.armor.dearmor(signature)
        bytes[bytes.count - 5 - 10] ^= 0x01
        let flipped = SSHSignatureBlob.armor.armor(bytes)
        #expect(try sshKeygenVerify(flipped, message: message, keyLine: line, in: folder).status != 0)
        #expect(throws: SSHSignatureError.badSignature(fingerprint: key.fingerprint)) {
            try SSHSignature.verify(flipped, message: message, namespace: namespace, signers: [key])
        }
        // A changed counter is covered by the signature too.
        var counter = bytes
        counter[counter.count - 5 - 10] ^= 0x01
        counter[counter.count - 1] ^= 0x01
        #expect(
            try sshKeygenVerify(SSHSignatureBlob.armor.armor(counter), message: message, keyLine: line, in: folder).status != 0)
    }

    /// `ssh-keygen -Y verify` (OpenSSH 9.2) accepts such a signature and leaves the touch to the caller's policy;
    /// CardPrep's policy is that a person touched the token.
    @Test func aSecurityKeySignatureWithoutATouchIsRefused() throws {
        let signer = SecurityKeyTestSigner(key: .generate())
        let key = SSHPublicKey.securityKeyEd25519(signer.publicKey)
        let untouched = try signer.sign(message, namespace: namespace, flags: 0x00)
        #expect(throws: SSHSignatureError.userNotPresent(fingerprint: key.fingerprint)) {
            try SSHSignature.verify(untouched, message: message, namespace: namespace, signers: [key])
        }
        let verified = try signer.sign(message, namespace: namespace, flags: 0x05)
        #expect(try SSHSignature.verify(verified, message: message, namespace: namespace, signers: [key]) == key)
    }

    @Test func ed25519KeysFromSSHKeygenReadAsPersonKeys() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("alice", comment: "alice").status == 0)
        let key = try SSHPublicKey(authorizedKeyLine: folder.read("alice.pub"))
        #expect(key == .ed25519(try SSHEd25519PublicKey(authorizedKeyLine: folder.read("alice.pub"))))
        let signature = try folder.sign(message, keyName: "alice", namespace: namespace)
        #expect(try SSHSignature.verify(signature, message: message, namespace: namespace, signers: [key]) == key)
        #expect(try SSHSignature.claimedSignerKey(of: signature) == key)
    }

    @Test func otherKeyTypesAndCurvesAreRefused() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.run(["-q", "-t", "ecdsa", "-b", "384", "-N", "", "-f", "p384"]).status == 0)
        #expect(throws: SSHKeyError.unsupportedKeyType("ecdsa-sha2-nistp384")) {
            try SSHPublicKey(authorizedKeyLine: folder.read("p384.pub"))
        }
        #expect(throws: SSHKeyError.unsupportedKeyType("ssh-rsa")) {
            try SSHPublicKey(authorizedKeyLine: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== x")
        }
        let ed25519 = SSHEd25519SigningKey.generate().publicKey.authorizedKeyLine(comment: nil)
        let relabelled = ed25519.replacingOccurrences(of: "ssh-ed25519 ", with: "ecdsa-sha2-nistp256 ")
        #expect(throws: SSHKeyError.malformedPublicKey(reason: "the line says ecdsa-sha2-nistp256 but the key is ssh-ed25519")) {
            try SSHPublicKey(authorizedKeyLine: relabelled)
        }
    }

    @Test(
        arguments: [
            ([0x00, 0x00, 0x00, 0x00], "ECDSA r is zero"),
            ([0x00, 0x00, 0x00, 0x01, 0x80], "ECDSA r is negative"),
            ([0x00, 0x00, 0x00, 0x02, 0x00, 0x01], "ECDSA r has a needless leading zero"),
            ([0x00, 0x00, 0x00, 0x21] + [UInt8](repeating: 0x7f, count: 33), "ECDSA r is longer than 256 bits"),
        ] as [([UInt8], String)])
    func malformedECDSAScalarsAreRefused(r: [UInt8], reason: String) {
        let s: [UInt8] = [0x00, 0x00, 0x00, 0x01, 0x01]
        #expect(throws: SSHSignatureError.malformedSignature(reason: reason)) {
            try SSHECDSAP256PublicKey.scalars(ofSignature: r + s)
        }
    }
}
