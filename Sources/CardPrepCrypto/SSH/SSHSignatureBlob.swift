/// The binary SSHSIG structure (OpenSSH's PROTOCOL.sshsig), version 1.
///
/// ```
/// "SSHSIG"  uint32 version(1)  string public-key  string namespace  string reserved
/// string hash-algorithm  string signature
/// ```
///
/// The signature is `string type` followed by the type's own fields: for `ssh-ed25519`, `string signature(64)`;
/// for `ecdsa-sha2-nistp256`, `string (mpint r, mpint s)`; for `sk-ssh-ed25519@openssh.com`,
/// `string signature(64)`, `byte flags`, `uint32 counter` (OpenSSH's PROTOCOL.u2f).
struct SSHSignatureBlob {
    static let magic = Array("SSHSIG".utf8)
    static let version: UInt32 = 1
    static let armor = SSHArmor(label: "SSH SIGNATURE")

    /// What a security key adds after its Ed25519 signature.
    struct SecurityKeyFields: Equatable {
        /// The authenticator's flags (user present 0x01, user verified 0x04).
        var flags: UInt8
        /// The authenticator's signature counter.
        var counter: UInt32
    }

    var publicKey: SSHPublicKey
    var namespace: String
    var hashAlgorithm: String
    /// The raw signature: 64 Ed25519 bytes, or for ECDSA the `mpint r`, `mpint s` encoding.
    var signature: [UInt8]
    /// The flags and counter of a security key's signature; nil for other keys.
    var securityKey: SecurityKeyFields?

    init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signature: [UInt8],
         securityKey: SecurityKeyFields? = nil) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
        self.securityKey = securityKey
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
            guard type == publicKey.keyType else {
                guard SSHPublicKey.supportedKeyTypes.contains(type) else { throw SSHSignatureError.unsupportedKeyType(type) }
                throw SSHSignatureError.malformedSignature(reason: "a \(type) signature from a \(publicKey.keyType) key")
            }
            (signature, securityKey) = try Self.fields(of: &signatureReader, for: publicKey)
        } catch let error as SSHSignatureError {
            throw error
        } catch {
            throw .malformedSignature(reason: "\(error)")
        }
    }

    /// Reads the type's own fields after the signature type.
    private static func fields(
        of reader: inout SSHWireReader, for key: SSHPublicKey
    ) throws -> ([UInt8], SecurityKeyFields?) {
        switch key {
        case .ed25519:
            let signature = try reader.readString(field: "Ed25519 signature")
            guard reader.isAtEnd, signature.count == 64 else {
                throw SSHSignatureError.malformedSignature(reason: "an Ed25519 signature has 64 bytes")
            }
            return (signature, nil)
        case .ecdsaP256:
            let signature = try reader.readString(field: "ECDSA signature")
            guard reader.isAtEnd else { throw SSHSignatureError.malformedSignature(reason: "bytes follow the ECDSA signature") }
            _ = try SSHECDSAP256PublicKey.scalars(ofSignature: signature)
            return (signature, nil)
        case .securityKeyEd25519:
            let signature = try reader.readString(field: "Ed25519 signature")
            guard signature.count == 64 else {
                throw SSHSignatureError.malformedSignature(reason: "an Ed25519 signature has 64 bytes")
            }
            let flags = try reader.readBytes(1, field: "security key flags")[0]
            let counter = try reader.readUInt32(field: "security key counter")
            guard reader.isAtEnd else { throw SSHSignatureError.malformedSignature(reason: "bytes follow the counter") }
            return (signature, SecurityKeyFields(flags: flags, counter: counter))
        }
    }

    private static func publicKey(from keyBlob: [UInt8]) throws(SSHSignatureError) -> SSHPublicKey {
        do {
            return try SSHPublicKey(wireBlob: keyBlob)
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
        signatureWriter.writeText(publicKey.keyType)
        signatureWriter.writeString(signature)
        if let securityKey {
            signatureWriter.writeBytes([securityKey.flags])
            signatureWriter.writeUInt32(securityKey.counter)
        }
        writer.writeString(signatureWriter.bytes)
        return writer.bytes
    }

    /// The bytes the signature covers: magic, namespace, reserved, hash algorithm and message digest.
    static func signedData(namespace: String, hashAlgorithm: String, digest: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.writeBytes(magic)
        writer.writeText(namespace)
        writer.writeString([])
        writer.writeText(hashAlgorithm)
        writer.writeString(digest)
        return writer.bytes
    }

    /// Checks the signature over `signedData` with the blob's key.
    /// - Throws: `SSHSignatureError.badSignature` when it does not match, `.userNotPresent` when a security
    ///   key's signature matches but was made without a touch.
    func check(signedData: [UInt8]) throws(SSHSignatureError) {
        let valid: Bool
        switch publicKey {
        case let .ed25519(key): valid = key.isValidSignature(signature, for: signedData)
        case let .ecdsaP256(key): valid = key.isValidSignature(signature, for: signedData)
        case let .securityKeyEd25519(key):
            guard let fields = securityKey else { throw .malformedSignature(reason: "a security key signature has flags") }
            valid = key.isValidSignature(signature, flags: fields.flags, counter: fields.counter, for: signedData)
            if valid, fields.flags & SSHSecurityKeyEd25519PublicKey.userPresentFlag == 0 {
                throw .userNotPresent(fingerprint: publicKey.fingerprint)
            }
        }
        guard valid else { throw .badSignature(fingerprint: publicKey.fingerprint) }
    }
}
