import Crypto
import Foundation

/// An ECDSA public key on NIST P-256 in OpenSSH's encodings (RFC 5656): the key type `ecdsa-sha2-nistp256`.
///
/// Its signatures are ECDSA with SHA-256 over the signed data; SSH carries them as two `mpint`s, r and s.
public struct SSHECDSAP256PublicKey: Hashable, Sendable {
    /// The key type name OpenSSH uses for ECDSA keys on P-256.
    public static let keyType = "ecdsa-sha2-nistp256"
    /// The curve's name inside the key blob.
    static let curveName = "nistp256"

    /// The uncompressed point, `04 ‖ X ‖ Y` (65 bytes), as SSH and SEC 1 write it.
    public let x963Representation: [UInt8]

    /// Creates a key from its uncompressed point.
    /// - Throws: `SSHKeyError.malformedPublicKey` when the bytes are not a point on P-256.
    public init(x963Representation: [UInt8]) throws(SSHKeyError) {
        guard x963Representation.count == 65, x963Representation.first == 0x04,
            (try? P256.Signing.PublicKey(x963Representation: x963Representation)) != nil
        else { throw .malformedPublicKey(reason: "not an uncompressed point on P-256") }
        self.x963Representation = x963Representation
    }

    /// Parses the wire blob: `string "ecdsa-sha2-nistp256"`, `string "nistp256"`, `string Q`.
    /// - Throws: `SSHKeyError` when the blob is of another type or curve, or not well formed.
    init(wireBlob: [UInt8]) throws(SSHKeyError) {
        self = try SSHWireReader.readKeyBlob(wireBlob, keyType: Self.keyType) { reader in
            let curve = try reader.readText(field: "curve name")
            guard curve == Self.curveName else {
                throw SSHKeyError.malformedPublicKey(reason: "curve \(curve) in a \(Self.keyType) key")
            }
            return try Self(x963Representation: try reader.readString(field: "ECDSA point"))
        }
    }

    /// The wire blob: `string "ecdsa-sha2-nistp256"`, `string "nistp256"`, `string Q`.
    var wireBlob: [UInt8] {
        var writer = SSHWireWriter()
        writer.writeText(Self.keyType)
        writer.writeText(Self.curveName)
        writer.writeString(x963Representation)
        return writer.bytes
    }

    /// Whether `signature` (`mpint r`, `mpint s`, as SSH writes an ECDSA signature) is valid for `data`,
    /// which is hashed with SHA-256 as the key type says.
    func isValidSignature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        guard let scalars = try? Self.scalars(ofSignature: signature),
            let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: scalars.r + scalars.s),
            let key = try? P256.Signing.PublicKey(x963Representation: x963Representation)
        else { return false }
        return key.isValidSignature(ecdsa, for: data)
    }

    /// r and s of an SSH ECDSA signature blob, each as 32 big-endian bytes.
    /// - Throws: `SSHSignatureError.malformedSignature` when the blob is not two minimal, positive `mpint`s
    ///   of at most 256 bits with nothing after them.
    static func scalars(ofSignature signature: [UInt8]) throws(SSHSignatureError) -> (r: [UInt8], s: [UInt8]) {
        var reader = SSHWireReader(signature)
        do {
            let r = try scalar(fromMPInt: reader.readString(field: "ECDSA r"), name: "r")
            let s = try scalar(fromMPInt: reader.readString(field: "ECDSA s"), name: "s")
            guard reader.isAtEnd else { throw SSHSignatureError.malformedSignature(reason: "bytes follow ECDSA s") }
            return (r, s)
        } catch let error as SSHSignatureError {
            throw error
        } catch {
            throw .malformedSignature(reason: "\(error)")
        }
    }

    /// A positive SSH `mpint` (RFC 4251: big-endian two's complement, minimal) as 32 bytes.
    private static func scalar(fromMPInt bytes: [UInt8], name: String) throws(SSHSignatureError) -> [UInt8] {
        guard let first = bytes.first else { throw .malformedSignature(reason: "ECDSA \(name) is zero") }
        guard first & 0x80 == 0 else { throw .malformedSignature(reason: "ECDSA \(name) is negative") }
        if first == 0, bytes.count == 1 || bytes[1] & 0x80 == 0 {
            throw .malformedSignature(reason: "ECDSA \(name) has a needless leading zero")
        }
        let magnitude = first == 0 ? Array(bytes.dropFirst()) : bytes
        guard magnitude.count <= 32 else { throw .malformedSignature(reason: "ECDSA \(name) is longer than 256 bits") }
        return [UInt8](repeating: 0, count: 32 - magnitude.count) + magnitude
    }
}
