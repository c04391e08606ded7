import CardPrepIO
import Foundation
import CardPrepCore
import Testing

@testable import CardPrepCrypto

/// A byte source that hands out at most `pieceSize` bytes a read, to exercise streaming.
struct SSHTrickleSource: ByteSource {
    var bytes: [UInt8]
    let pieceSize: Int
    private(set) var reads = 0

    init(_ bytes: [UInt8], pieceSize: Int) {
        self.bytes = bytes
        self.pieceSize = pieceSize
    }

    mutating func read(upTo maxLength: Int) throws -> [UInt8] {
        reads += 1
        let piece = Array(bytes.prefix(min(maxLength, pieceSize)))
        bytes.removeFirst(piece.count)
        return piece
    }
}

@Suite("SSHSIG signatures")
struct SSHSignatureTests {
    let key = SSHEd25519SigningKey.generate()
    let message = Array("MANIFEST cards.csv.age 1f2e3d\n".utf8)

    @Test func signatureVerifiesAndNamesItsKey() throws {
        let armored = try SSHSignature.sign(message, namespace: "cardprep-manifest", with: key)
        let signer = try SSHSignature.verify(
            armored, message: message, namespace: "cardprep-manifest", trustedKeys: [key.publicKey])
        #expect(signer == key.publicKey)
        #expect(try SSHSignature.claimedSigner(of: armored) == key.publicKey)
    }

    @Test func armorHasOpenSSHShape() throws {
        let armored = try SSHSignature.sign(message, namespace: "file", with: key)
        let lines = armored.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "-----BEGIN SSH SIGNATURE-----")
        #expect(lines.dropLast().last == "-----END SSH SIGNATURE-----")
        #expect(lines.last == "")
        let body = lines.dropFirst().dropLast(2)
        #expect(body.dropLast().allSatisfy { $0.count == 70 })
        #expect(body.last!.count <= 70)
        // Ed25519 signatures are deterministic, so the same input signs to the same text.
        #expect(try SSHSignature.sign(message, namespace: "file", with: key) == armored)
    }

    @Test(arguments: [1, 7, 4096, 70_000])
    func streamedMessageSignsLikeInMemoryOne(pieceSize: Int) throws {
        let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var source = SSHTrickleSource(large, pieceSize: pieceSize)
        let streamed = try SSHSignature.sign(&source, namespace: "bundle", with: key)
        #expect(streamed == (try SSHSignature.sign(large, namespace: "bundle", with: key)))
        var again = SSHTrickleSource(large, pieceSize: pieceSize)
        #expect(try SSHSignature.verify(streamed, message: &again, namespace: "bundle", trustedKeys: [key.publicKey])
            == key.publicKey)
    }

    @Test func rejectionsCarryTheRightError() throws {
        let armored = try SSHSignature.sign(message, namespace: "ns", with: key)
        let trusted = [key.publicKey]
        let fingerprint = key.publicKey.fingerprint
        #expect(throws: SSHSignatureError.wrongNamespace(expected: "other", found: "ns")) {
            try SSHSignature.verify(armored, message: message, namespace: "other", trustedKeys: trusted)
        }
        #expect(throws: SSHSignatureError.emptyNamespace) {
            try SSHSignature.verify(armored, message: message, namespace: "", trustedKeys: trusted)
        }
        #expect(throws: SSHSignatureError.emptyNamespace) { try SSHSignature.sign(message, namespace: "", with: key) }
        #expect(throws: SSHSignatureError.unknownKey(fingerprint: fingerprint)) {
            try SSHSignature.verify(armored, message: message, namespace: "ns", trustedKeys: [])
        }
        var altered = message
        altered[3] ^= 0x01
        #expect(throws: SSHSignatureError.badSignature(fingerprint: fingerprint)) {
            try SSHSignature.verify(armored, message: altered, namespace: "ns", trustedKeys: trusted)
        }
    }

    /// Re-armors a signature after `change` edits its parsed structure.
    func respun(_ armored: String, _ change: (inout SSHSignatureBlob) -> Void) throws -> String {
        var blob = try SSHSignatureBlob(parsing: SSHSignatureBlob.armor.dearmor(armored))
        change(&blob)
        return SSHSignatureBlob.armor.armor(blob.bytes)
    }

    @Test func alteredStructuresAreRefused() throws {
        let armored = try SSHSignature.sign(message, namespace: "ns", with: key)
        let trusted = [key.publicKey]
        let flipped = try respun(armored) { $0.signature[10] ^= 0x40 }
        #expect(throws: SSHSignatureError.badSignature(fingerprint: key.publicKey.fingerprint)) {
            try SSHSignature.verify(flipped, message: message, namespace: "ns", trustedKeys: trusted)
        }
        let md5 = try respun(armored) { $0.hashAlgorithm = "md5" }
        #expect(throws: SSHSignatureError.unsupportedHashAlgorithm("md5")) {
            try SSHSignature.verify(md5, message: message, namespace: "ns", trustedKeys: trusted)
        }
        let original = try SSHSignatureBlob.armor.dearmor(armored)
        var bytes = original
        bytes[9] = 2  // version, big-endian after the 6-byte magic
        #expect(throws: SSHSignatureError.unsupportedVersion(2)) {
            try SSHSignature.verify(
                SSHSignatureBlob.armor.armor(bytes), message: message, namespace: "ns", trustedKeys: trusted)
        }
        #expect(throws: SSHSignatureError.malformedSignature(reason: "data ends inside signature")) {
            try SSHSignature.verify(
                SSHSignatureBlob.armor.armor(Array(original.dropLast(5))), message: message, namespace: "ns",
                trustedKeys: trusted)
        }
    }

    static let badArmors = [
        "",
        "hello",
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n",
        "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH!\n-----END SSH SIGNATURE-----\n",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nU1NIU0lH\n-----END OPENSSH PRIVATE KEY-----\n",
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\nextra\n",
    ]

    @Test(arguments: badArmors)
    func malformedArmorIsRefused(text: String) {
        #expect {
            try SSHSignature.verify(text, message: [], namespace: "ns", trustedKeys: [])
        } throws: { error in
            guard case .malformedArmor? = error as? SSHSignatureError else { return false }
            return true
        }
    }

    @Test func armorAroundBlankSpaceAndCRLFIsAccepted() throws {
        let armored = try SSHSignature.sign(message, namespace: "ns", with: key)
        let crlf = "\n  " + armored.replacingOccurrences(of: "\n", with: "\r\n") + "\n\n"
        #expect(try SSHSignature.verify(crlf, message: message, namespace: "ns", trustedKeys: [key.publicKey])
            == key.publicKey)
    }
}
