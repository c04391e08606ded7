/// The openssh-key-v1 private key file format (OpenSSH's PROTOCOL.key), unencrypted form only.
///
/// ```
/// "openssh-key-v1\0"  string cipher  string kdf  string kdf-options  uint32 count(1)
/// string public-key-blob
/// string private-section:
///     uint32 check  uint32 check  string "ssh-ed25519"  string public(32)  string seed‖public(64)
///     string comment  padding 1, 2, 3, … to a multiple of 8
/// ```
enum OpenSSHPrivateKeyFormat {
    static let armor = SSHArmor(label: "OPENSSH PRIVATE KEY")
    static let magic = Array("openssh-key-v1".utf8) + [0]
    /// Block size of the "none" cipher, to which the private section is padded.
    static let blockSize = 8
}

extension SSHEd25519SigningKey {
    /// Reads an unencrypted OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, cipher "none").
    /// - Parameter text: the file's text; read it with `PrivateKeyFile.read(_:)` to enforce owner-only permissions.
    /// - Throws: `SSHKeyError.encryptedPrivateKey` for passphrase-protected keys, other `SSHKeyError` cases
    ///   for keys that are not Ed25519 or not well formed.
    public init(openSSHPrivateKey text: String) throws(SSHKeyError) {
        let blob: [UInt8]
        do {
            blob = try OpenSSHPrivateKeyFormat.armor.dearmor(text)
        } catch {
            throw .malformedPrivateKey(reason: error.description)
        }
        let key: Self
        do {
            key = try Self.parse(blob)
        } catch let error as SSHKeyError {
            throw error
        } catch {
            throw .malformedPrivateKey(reason: "\(error)")
        }
        self = key
    }

    private static func parse(_ blob: [UInt8]) throws -> Self {
        guard blob.starts(with: OpenSSHPrivateKeyFormat.magic) else {
            throw SSHKeyError.malformedPrivateKey(reason: "missing openssh-key-v1 magic")
        }
        var reader = SSHWireReader(Array(blob.dropFirst(OpenSSHPrivateKeyFormat.magic.count)))
        let cipher = try reader.readText(field: "cipher name")
        let kdf = try reader.readText(field: "kdf name")
        _ = try reader.readString(field: "kdf options")
        guard cipher == "none", kdf == "none" else { throw SSHKeyError.encryptedPrivateKey(cipher: cipher, kdf: kdf) }
        let count = try reader.readUInt32(field: "key count")
        guard count == 1 else { throw SSHKeyError.unsupportedKeyCount(Int(count)) }
        let outerPublic = try SSHEd25519PublicKey(wireBlob: reader.readString(field: "public key"))
        let section = try reader.readString(field: "private section")
        guard reader.isAtEnd else { throw SSHKeyError.malformedPrivateKey(reason: "bytes follow the private section") }
        guard !section.isEmpty, section.count % OpenSSHPrivateKeyFormat.blockSize == 0 else {
            throw SSHKeyError.malformedPrivateKey(reason: "the private section is not a whole number of blocks")
        }

        var inner = SSHWireReader(section)
        let check1 = try inner.readUInt32(field: "check integer")
        let check2 = try inner.readUInt32(field: "check integer")
        guard check1 == check2 else { throw SSHKeyError.checkMismatch }
        let type = try inner.readText(field: "key type")
        guard type == SSHEd25519PublicKey.keyType else { throw SSHKeyError.unsupportedKeyType(type) }
        let innerPublic = try SSHEd25519PublicKey(rawRepresentation: inner.readString(field: "public key"))
        let secret = try inner.readString(field: "private key")
        _ = try inner.readText(field: "comment")
        let padding = inner.remaining
        guard padding.count < OpenSSHPrivateKeyFormat.blockSize,
            padding.enumerated().allSatisfy({ $0.element == UInt8($0.offset + 1) })
        else { throw SSHKeyError.badPadding }

        guard secret.count == 64 else {
            throw SSHKeyError.malformedPrivateKey(reason: "an Ed25519 private key has 64 bytes, not \(secret.count)")
        }
        let key = try Self(seed: Array(secret.prefix(32)))
        let derived = key.publicKey
        guard derived == innerPublic, derived == outerPublic, Array(secret.suffix(32)) == derived.rawRepresentation
        else { throw SSHKeyError.publicKeyMismatch }
        return key
    }

    /// The key as an unencrypted OpenSSH private key file, which `ssh-keygen -y -f` and `ssh-keygen -Y sign -f` accept.
    /// - Parameter comment: stored in the file and shown by OpenSSH tools (usually `user@host` or a purpose).
    /// - Returns: the armored text, ending with a newline; store it with `PrivateKeyFile.write(_:to:)`.
    public func openSSHPrivateKey(comment: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return openSSHPrivateKey(comment: comment, using: &generator)
    }

    /// The key as an unencrypted OpenSSH private key file, with check integers drawn from `generator`.
    /// - Parameters:
    ///   - comment: stored in the file and shown by OpenSSH tools.
    ///   - generator: the source of the random check integer; a seeded one gives reproducible demo fixtures.
    /// - Returns: the armored text, ending with a newline.
    public func openSSHPrivateKey(comment: String, using generator: inout some RandomNumberGenerator) -> String {
        let check = UInt32.random(in: .min ... .max, using: &generator)
        var section = SSHWireWriter()
        section.writeUInt32(check)
        section.writeUInt32(check)
        section.writeText(SSHEd25519PublicKey.keyType)
        section.writeString(publicKey.rawRepresentation)
        section.writeString(seed + publicKey.rawRepresentation)
        section.writeText(comment)
        var pad: UInt8 = 1
        while section.bytes.count % OpenSSHPrivateKeyFormat.blockSize != 0 {
            section.writeBytes([pad])
            pad += 1
        }

        var file = SSHWireWriter()
        file.writeBytes(OpenSSHPrivateKeyFormat.magic)
        file.writeText("none")
        file.writeText("none")
        file.writeString([])
        file.writeUInt32(1)
        file.writeString(publicKey.wireBlob)
        file.writeString(section.bytes)
        return OpenSSHPrivateKeyFormat.armor.armor(file.bytes)
    }
}
