/// The binary SSHSIG structure (OpenSSH's PROTOCOL.sshsig), version 1.
///
/// ```
/// "SSHSIG"  uint32 version(1)  string public-key  string namespace  string reserved
/// string hash-algorithm  string signature("ssh-ed25519", 64 bytes)
/// ```
struct SSHSignatureBlob {
    static let magic = Array("SSHSIG".utf8)
    static let version: UInt32 = 1
    static let armor = SSHArmor(label: "SSH SIGNATURE")

    var publicKey: SSHEd25519PublicKey
    var namespace: String
    var hashAlgorithm: String
    /// The raw 64-byte Ed25519 signature.
    var signature: [UInt8]

    init(publicKey: SSHEd25519PublicKey, namespace: String, hashAlgorithm: String, signature: [UInt8]) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }

    /// Parses the structure; the reserved field is read and ignored, as OpenSSH does.
    /// - Throws: `SSHSignatureError.malformedSignature`, `.unsupportedVersion` or `.unsupportedKeyType`.
    init(parsing blob: [UInt8]) throws(SSHSignatureError) {
        guard blob.starts(with: Self.magic) else { throw .malformedSignature(reason: "missing SSHSIG magic") }
        var reader = SSHWireReader(Array(blob.dropFirst(Self.magic.count)))
        do {
            let version = try reader.readUInt32(field: "version")
            guard version == Self.version else { throw SSHSignatureError.unsupportedVersion(version) }
            let keyBlob = try reader.readString(field: "public key")
            namespace = try reader.readText(field: "namespace")
            _ = try reader.readString(field: "reserved")
            hashAlgorithm = try reader.readText(field: "hash algorithm")
            var signatureReader = SSHWireReader(try reader.readString(field: "signature"))
            guard reader.isAtEnd else { throw SSHSignatureError.malformedSignature(reason: "bytes follow the signature") }
            publicKey = try Self.publicKey(from: keyBlob)
            let type = try signatureReader.readText(field: "signature type")
            guard type == SSHEd25519PublicKey.keyType else { throw SSHSignatureError.unsupportedKeyType(type) }
            signature = try signatureReader.readString(field: "Ed25519 signature")
            guard signatureReader.isAtEnd, signature.count == 64 else {
                throw SSHSignatureError.malformedSignature(reason: "an Ed25519 signature has 64 bytes")
            }
        } catch let error as SSHSignatureError {
            throw error
        } catch {
            throw .malformedSignature(reason: "\(error)")
        }
    }

    private static func publicKey(from keyBlob: [UInt8]) throws(SSHSignatureError) -> SSHEd25519PublicKey {
        do {
            return try SSHEd25519PublicKey(wireBlob: keyBlob)
        } catch {
            if case let .unsupportedKeyType(type) = error { throw .unsupportedKeyType(type) }
            throw .malformedSignature(reason: error.description)
        }
    }

    /// The serialized structure, with an empty reserved field.
    var bytes: [UInt8] {
        var writer = SSHWireWriter()
        writer.writeBytes(Self.magic)
        writer.writeUInt32(Self.version)
        writer.writeString(publicKey.wireBlob)
        writer.writeText(namespace)
        writer.writeString([])
        writer.writeText(hashAlgorithm)
        var signatureWriter = SSHWireWriter()
        signatureWriter.writeText(SSHEd25519PublicKey.keyType)
        signatureWriter.writeString(signature)
        writer.writeString(signatureWriter.bytes)
        return writer.bytes
    }

    /// The bytes the Ed25519 signature covers: magic, namespace, reserved, hash algorithm and message digest.
    static func signedData(namespace: String, hashAlgorithm: String, digest: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.writeBytes(magic)
        writer.writeText(namespace)
        writer.writeString([])
        writer.writeText(hashAlgorithm)
        writer.writeString(digest)
        return writer.bytes
    }
}
