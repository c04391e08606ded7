import Foundation
import Testing

@testable import CardPrepCrypto

/// A fixed-seed generator (SplitMix64) so that key fixtures are reproducible.
struct SSHTestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("SSH Ed25519 keys")
struct SSHKeyTests {
    // RFC 8032 test 1: secret seed and its public key.
    static let rfcSeed = Array(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    static let rfcPublic = Array(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")

    @Test func seedGivesTheRFC8032PublicKey() throws {
        let key = try SSHEd25519SigningKey(seed: Self.rfcSeed)
        #expect(key.publicKey.rawRepresentation == Self.rfcPublic)
    }

    @Test func authorizedKeyLineRoundTrips() throws {
        let key = SSHEd25519SigningKey.generate().publicKey
        let line = key.authorizedKeyLine(comment: "bureau signing key")
        #expect(line.hasPrefix("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"))
        #expect(line.hasSuffix(" bureau signing key"))
        #expect(try SSHEd25519PublicKey(authorizedKeyLine: line) == key)
        #expect(key.authorizedKeyLine(comment: nil) == key.authorizedKeyLine(comment: ""))
        #expect(key.authorizedKeyLine(comment: nil).split(separator: " ").count == 2)
    }

    @Test func fingerprintIsUnpaddedSHA256OfTheBlob() throws {
        let key = try SSHEd25519PublicKey(rawRepresentation: Self.rfcPublic)
        #expect(key.fingerprint.hasPrefix("SHA256:"))
        #expect(key.fingerprint.count == 7 + 43)
        #expect(!key.fingerprint.contains("="))
        #expect(key.description == key.fingerprint)
    }

    static let badPublicLines: [(String, SSHKeyError)] = [
        ("", .malformedPublicKey(reason: "expected a key type and base64 key")),
        ("ssh-ed25519", .malformedPublicKey(reason: "expected a key type and base64 key")),
        ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== x", .unsupportedKeyType("ssh-rsa")),
        ("ssh-ed25519 not-base64!", .malformedPublicKey(reason: "the key is not base64")),
        // Blob says ssh-rsa although the line says ssh-ed25519.
        ("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAAgQ==", .unsupportedKeyType("ssh-rsa")),
        // Blob with a 3-byte key.
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAAwECAw==",
         .malformedPublicKey(reason: "an Ed25519 key has 32 bytes, not 3")),
    ]

    @Test(arguments: badPublicLines)
    func malformedPublicLinesAreRefused(line: String, expected: SSHKeyError) {
        #expect(throws: expected) { try SSHEd25519PublicKey(authorizedKeyLine: line) }
    }

    @Test func privateKeyFileRoundTripsWithCorrectPadding() throws {
        var random = SSHTestRandom(state: 7)
        let key = SSHEd25519SigningKey.generate(using: &random)
        for comment in ["", "a", "ab", "abc", "card bureau line 4", "ключ"] {
            let text = key.openSSHPrivateKey(comment: comment, using: &random)
            #expect(text.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----\n"))
            #expect(text.hasSuffix("\n-----END OPENSSH PRIVATE KEY-----\n"))
            #expect(text.split(separator: "\n").allSatisfy { $0.count <= 70 })
            let loaded = try SSHEd25519SigningKey(openSSHPrivateKey: text)
            #expect(loaded.publicKey == key.publicKey)
            #expect(loaded.seed == key.seed)
        }
    }

    @Test func seededGenerationIsReproducible() {
        var first = SSHTestRandom(state: 42)
        var second = SSHTestRandom(state: 42)
        let a = SSHEd25519SigningKey.generate(using: &first)
        let b = SSHEd25519SigningKey.generate(using: &second)
        #expect(a.publicKey == b.publicKey)
        #expect(a.openSSHPrivateKey(comment: "demo", using: &first) == b.openSSHPrivateKey(comment: "demo", using: &second))
        #expect(SSHEd25519SigningKey.generate().publicKey != SSHEd25519SigningKey.generate().publicKey)
    }

    /// Builds an openssh-key-v1 file for `key`, letting a test spoil one part of it.
    static func privateKeyFile(
        _ key: SSHEd25519SigningKey, cipher: String = "none", checks: (UInt32, UInt32) = (9, 9),
        innerPublic: [UInt8]? = nil, padding: [UInt8] = [1, 2, 3, 4]
    ) -> String {
        var section = SSHWireWriter()
        section.writeUInt32(checks.0)
        section.writeUInt32(checks.1)
        section.writeText("ssh-ed25519")
        section.writeString(innerPublic ?? key.publicKey.rawRepresentation)
        section.writeString(key.seed + key.publicKey.rawRepresentation)
        section.writeText("x")
        // 4+4+4+11+4+32+4+64+4+1 = 132 bytes: 4 more make 136 = 17 blocks of 8.
        section.writeBytes(padding)
        var file = SSHWireWriter()
        file.writeBytes(Array("openssh-key-v1".utf8) + [0])
        file.writeText(cipher)
        file.writeText(cipher == "none" ? "none" : "bcrypt")
        file.writeString([])
        file.writeUInt32(1)
        file.writeString(key.publicKey.wireBlob)
        file.writeString(section.bytes)
        return SSHArmor(label: "OPENSSH PRIVATE KEY").armor(file.bytes)
    }

    @Test func handBuiltFileWithGoodPartsLoads() throws {
        let key = SSHEd25519SigningKey.generate()
        let loaded = try SSHEd25519SigningKey(openSSHPrivateKey: Self.privateKeyFile(key, padding: [1, 2, 3, 4]))
        #expect(loaded.publicKey == key.publicKey)
    }

    @Test func spoiledPrivateKeyFilesAreRefused() {
        let key = SSHEd25519SigningKey.generate()
        let other = SSHEd25519SigningKey.generate()
        #expect(throws: SSHKeyError.encryptedPrivateKey(cipher: "aes256-ctr", kdf: "bcrypt")) {
            try SSHEd25519SigningKey(openSSHPrivateKey: Self.privateKeyFile(key, cipher: "aes256-ctr", padding: [1, 2, 3, 4]))
        }
        #expect(throws: SSHKeyError.checkMismatch) {
            try SSHEd25519SigningKey(openSSHPrivateKey: Self.privateKeyFile(key, checks: (1, 2), padding: [1, 2, 3, 4]))
        }
        #expect(throws: SSHKeyError.badPadding) {
            try SSHEd25519SigningKey(openSSHPrivateKey: Self.privateKeyFile(key, padding: [1, 2, 4, 3]))
        }
        #expect(throws: SSHKeyError.publicKeyMismatch) {
            try SSHEd25519SigningKey(
                openSSHPrivateKey: Self.privateKeyFile(
                    key, innerPublic: other.publicKey.rawRepresentation, padding: [1, 2, 3, 4]))
        }
        #expect(throws: SSHKeyError.malformedPrivateKey(reason: "the private section is not a whole number of blocks")) {
            try SSHEd25519SigningKey(openSSHPrivateKey: Self.privateKeyFile(key, padding: [1, 2, 3]))
        }
        #expect(throws: SSHKeyError.self) { try SSHEd25519SigningKey(openSSHPrivateKey: "not a key") }
        #expect(throws: SSHKeyError.self) {
            try SSHEd25519SigningKey(openSSHPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n")
        }
    }
}

extension Array where Element == UInt8 {
    /// Bytes from a string of hexadecimal digit pairs.
    init(hex: String) {
        let digits = Array(hex.utf8)
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }
}
