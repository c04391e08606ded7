import CardPrepCore
import CardPrepCrypto
import CardPrepPKCS11
import Foundation
import Testing

extension TokenTests {
    @Suite struct TokenKeyTests {
        @Test(arguments: PKCS11KeyKind.allCases)
        func aTokenKeySignsWhatSSHKeygenVerifies(_ kind: PKCS11KeyKind) throws {
            let uri = try SoftHSMTestToken.newURI("signing-\(kind)")
            let key = try TokenSigningKey.generating(uri, kind: kind, settings: try SoftHSMTestToken.settings())
            #expect(key.sshPublicKey.keyType == (kind == .ed25519 ? "ssh-ed25519" : "ecdsa-sha2-nistp256"))
            let message = Array("bundle MANIFEST\n".utf8)
            let signature = try SSHSignature.sign(message, namespace: "cardprep-bundle", with: key)
            // CardPrep's own verifier accepts it…
            #expect(
                try SSHSignature.verify(signature, message: message, namespace: "cardprep-bundle", signers: [key.sshPublicKey])
                    == key.sshPublicKey)
            // …and so does OpenSSH's, given the public key read back from the token.
            let found = try TokenSigningKey(uri, settings: try SoftHSMTestToken.settings())
            #expect(found.sshPublicKey == key.sshPublicKey)
            let folder = try SSHKeygenFolder()
            try folder.write("bureau@example \(found.sshPublicKey.authorizedKeyLine(comment: nil))\n", to: "allowed_signers")
            try folder.write(message, to: "message")
            try folder.write(signature, to: "message.sig")
            let verify = try folder.run(
                ["-Y", "verify", "-f", "allowed_signers", "-I", "bureau@example", "-n", "cardprep-bundle", "-s", "message.sig"],
                input: message)
            #expect(verify.status == 0, "\(verify.output)\(verify.errors)")
            let tampered = try folder.run(
                ["-Y", "verify", "-f", "allowed_signers", "-I", "bureau@example", "-n", "cardprep-bundle", "-s", "message.sig"],
                input: message + [0x0A])
            #expect(tampered.status != 0)
        }

        @Test func fingerprintsInTheTokenEqualThoseOfTheSameKeyInAFile() throws {
            let settings = try SoftHSMTestToken.settings()
            let bytes = (0..<32).map { UInt8($0 * 7 & 0xFF) }
            let file = try SSHKeygenFolder()
            let path = try file.write(FingerprintKey.header + "\n" + Hex.encode(bytes) + "\n", to: "fingerprint.key")
            let fileKey = try FingerprintKey(fileText: try PrivateKeyFile.read(path), path: path)
            let uri = try SoftHSMTestToken.newURI("fingerprint")
            let tokenKey = try TokenFingerprintKey.importing(file: path, as: uri, settings: settings)
            for number in ["4111111111111111", "5500000000000004", "340000000000009", ""] {
                #expect(try tokenKey.fingerprint(of: number) == fileKey.fingerprint(of: number))
            }
            // In the token the key can be used but not read.
            #expect(try tokenKey.key.token.isReadable(tokenKey.key) == false)
            let found = try TokenFingerprintKey(uri, settings: settings)
            #expect(try found.fingerprint(of: "4111111111111111") == fileKey.fingerprint(of: "4111111111111111"))
        }

        @Test func aKeyIsNeverReplaced() throws {
            let settings = try SoftHSMTestToken.settings()
            let uri = try SoftHSMTestToken.newURI("once")
            _ = try TokenSigningKey.generating(uri, kind: .ed25519, settings: settings)
            #expect(throws: TokenKeyError.token(.objectExists(uri: uri.text))) {
                try TokenSigningKey.generating(uri, kind: .ecdsaP256, settings: settings)
            }
            #expect(throws: TokenKeyError.token(.objectExists(uri: uri.text))) {
                try TokenFingerprintKey.generating(uri, settings: settings)
            }
        }

        @Test func aMissingKeyOrTokenIsNamed() throws {
            let settings = try SoftHSMTestToken.settings()
            let missing = try SoftHSMTestToken.newURI("missing")
            #expect(throws: TokenKeyError.token(.objectNotFound(uri: missing.text))) {
                try TokenSigningKey(missing, settings: settings)
            }
            let otherToken = try PKCS11URI("pkcs11:token=no-such-token;object=x")
            let error = #expect(throws: TokenKeyError.self) { try TokenSigningKey(otherToken, settings: settings) }
            guard case let .token(.tokenNotFound(uri, present))? = error else {
                Issue.record("expected tokenNotFound, got \(String(describing: error))")
                return
            }
            #expect(uri == otherToken.text)
            #expect(present.contains { $0.hasPrefix("'\(SoftHSMTestToken.label)'") })
            // A secret key is not a signing key.
            let secret = try SoftHSMTestToken.newURI("secret")
            _ = try TokenFingerprintKey.generating(secret, settings: settings)
            #expect(
                throws: TokenKeyError.token(
                    .unsupportedKey(uri: secret.text, reason: "it names a secret key, which cannot be used here"))
            ) {
                try TokenSigningKey(secret, settings: settings)
            }
        }

        @Test func anECDSASignatureIsEncodedAsSSHMPInts() throws {
            var raw = [UInt8](repeating: 0, count: 64)
            raw[1] = 0x7F  // r: one leading zero byte to drop, high bit clear
            raw[32] = 0x80  // s: high bit set, needs a zero byte in front
            let blob = try SSHECDSAP256PublicKey.signatureBlob(fromRaw: raw)
            #expect(Array(blob.prefix(4)) == [0, 0, 0, 31])
            #expect(blob[4] == 0x7F)
            #expect(Array(blob[35..<39]) == [0, 0, 0, 33])
            #expect(Array(blob[39..<41]) == [0x00, 0x80])
            #expect(throws: SSHSignatureError.self) { try SSHECDSAP256PublicKey.signatureBlob(fromRaw: [1, 2, 3]) }
        }
    }
}
