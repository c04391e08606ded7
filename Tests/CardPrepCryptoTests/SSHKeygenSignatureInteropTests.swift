import Foundation
import Testing

@testable import CardPrepCrypto

@Suite("SSHSIG against OpenSSH ssh-keygen", .enabled(if: SSHKeygenFolder.isAvailable, "needs /usr/bin/ssh-keygen"))
struct SSHKeygenSignatureInteropTests {
    let message = Array("MANIFEST\norder.xml 9c1f\ncards.csv.age 77aa\n".utf8)

    /// Runs `ssh-keygen -Y verify` on `signature` of `message` and returns its exit status.
    func sshKeygenVerify(
        _ signature: String, message: [UInt8], allowedSigners: String, principal: String, namespace: String,
        in folder: SSHKeygenFolder
    ) throws -> SSHKeygenFolder.Outcome {
        try folder.write(allowedSigners, to: "allowed_signers")
        try folder.write(signature, to: "candidate.sig")
        return try folder.run(
            ["-Y", "verify", "-f", "allowed_signers", "-I", principal, "-n", namespace, "-s", "candidate.sig"],
            input: message)
    }

    @Test func ourSignatureVerifiesWithSSHKeygen() throws {
        let folder = try SSHKeygenFolder()
        let key = SSHEd25519SigningKey.generate()
        let signature = try SSHSignature.sign(message, namespace: "cardprep-manifest", with: key)
        let allowed = "qa@bureau.example " + key.publicKey.authorizedKeyLine(comment: "qa") + "\n"

        let good = try sshKeygenVerify(
            signature, message: message, allowedSigners: allowed, principal: "qa@bureau.example",
            namespace: "cardprep-manifest", in: folder)
        #expect(good.status == 0, "\(good.errors)")
        #expect(good.output.contains("Good \"cardprep-manifest\" signature for qa@bureau.example"))

        let novalidate = try folder.run(
            ["-Y", "check-novalidate", "-n", "cardprep-manifest", "-s", "candidate.sig"], input: message)
        #expect(novalidate.status == 0, "\(novalidate.errors)")

        var altered = message
        altered[0] ^= 0x20
        let tampered = try sshKeygenVerify(
            signature, message: altered, allowedSigners: allowed, principal: "qa@bureau.example",
            namespace: "cardprep-manifest", in: folder)
        #expect(tampered.status != 0)
        let wrongPurpose = try sshKeygenVerify(
            signature, message: message, allowedSigners: allowed, principal: "qa@bureau.example",
            namespace: "file", in: folder)
        #expect(wrongPurpose.status != 0)
    }

    @Test(arguments: ["sha512", "sha256"])
    func sshKeygenSignatureVerifiesWithOurs(hashAlgorithm: String) throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("signer", comment: "signer").status == 0)
        let signer = try SSHEd25519PublicKey(authorizedKeyLine: folder.read("signer.pub"))
        let signature = try folder.sign(
            message, keyName: "signer", namespace: "ns", options: ["-O", "hashalg=\(hashAlgorithm)"])
        #expect(try SSHSignature.verify(signature, message: message, namespace: "ns", trustedKeys: [signer]) == signer)
    }

    @Test func tamperedSSHKeygenSignaturesFailWithTheRightError() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("signer", comment: "signer").status == 0)
        let signer = try SSHEd25519PublicKey(authorizedKeyLine: folder.read("signer.pub"))
        let signature = try folder.sign(message, keyName: "signer", namespace: "ns")
        let trusted = [signer]

        #expect(throws: SSHSignatureError.wrongNamespace(expected: "file", found: "ns")) {
            try SSHSignature.verify(signature, message: message, namespace: "file", trustedKeys: trusted)
        }
        var altered = message
        altered[altered.count / 2] ^= 0x01
        #expect(throws: SSHSignatureError.badSignature(fingerprint: signer.fingerprint)) {
            try SSHSignature.verify(signature, message: altered, namespace: "ns", trustedKeys: trusted)
        }
        // Flip one bit of the last signature byte (the blob's final byte) and re-armor.
        var blob = try SSHSignatureBlob.armor.dearmor(signature)
        blob[blob.count - 1] ^= 0x01
        #expect(throws: SSHSignatureError.badSignature(fingerprint: signer.fingerprint)) {
            try SSHSignature.verify(
                SSHSignatureBlob.armor.armor(blob), message: message, namespace: "ns", trustedKeys: trusted)
        }
        let other = SSHEd25519SigningKey.generate().publicKey
        #expect(throws: SSHSignatureError.unknownKey(fingerprint: signer.fingerprint)) {
            try SSHSignature.verify(signature, message: message, namespace: "ns", trustedKeys: [other])
        }
    }

    /// A file of patterns and options; each case says whether ssh-keygen and CardPrep accept a signer.
    static let allowedSignersCases: [(principal: String, namespace: String)] = [
        ("qa@bureau.example", "cardprep-manifest"),
        ("qa@bureau.example", "file"),
        ("ops@bureau.example", "file"),
        ("ops@bureau.example", "git"),
        ("intern@bureau.example", "file"),
        ("visitor@elsewhere.example", "file"),
    ]

    @Test(arguments: allowedSignersCases)
    func allowedSignersDecisionsMatchSSHKeygen(principal: String, namespace: String) throws {
        let folder = try SSHKeygenFolder()
        let key = SSHEd25519SigningKey.generate()
        let line = key.publicKey.authorizedKeyLine(comment: nil)
        let text = """
            # CardPrep signers
            qa@bureau.example namespaces="cardprep-*" \(line)
            *@bureau.example,!intern@* namespaces="file,git",valid-after="20200101" \(line)
            """
        let signature = try SSHSignature.sign(message, namespace: namespace, with: key)
        let theirs = try sshKeygenVerify(
            signature, message: message, allowedSigners: text + "\n", principal: principal, namespace: namespace,
            in: folder)
        let allowed = try AllowedSigners(parsing: text)
        let ours = allowed.keys(forPrincipal: principal, namespace: namespace).contains(key.publicKey)
        #expect(ours == (theirs.status == 0), "ssh-keygen: \(theirs.output) \(theirs.errors)")
    }
}
