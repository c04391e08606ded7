/// One recipient stanza of an age header: a type, its arguments and a binary body.
public struct AgeStanza: Equatable, Sendable {
    /// The stanza type, the first argument after `->` (for example `X25519` or `scrypt`).
    public var type: String
    /// The remaining arguments.
    public var arguments: [String]
    /// The decoded body.
    public var body: [UInt8]

    /// Creates a stanza.
    public init(type: String, arguments: [String], body: [UInt8]) {
        self.type = type
        self.arguments = arguments
        self.body = body
    }
}

/// Something a file key can be encrypted to: an age recipient.
public protocol AgeRecipient: Sendable {
    /// Wraps the 16-byte file key into one or more stanzas.
    /// - Throws: `AgeError` when the key cannot be wrapped.
    func wrap(fileKey: [UInt8]) throws -> [AgeStanza]
}

/// Something that can recover a file key from stanzas: an age identity.
public protocol AgeIdentity: Sendable {
    /// Unwraps the file key from the stanzas of a header.
    /// - Returns: the file key, or nil when no stanza is addressed to this identity.
    /// - Throws: `AgeError` when a stanza of this identity's type is malformed; decryption stops then.
    func unwrap(_ stanzas: [AgeStanza]) throws -> [UInt8]?
}

/// Constants of the age v1 format.
enum AgeFormat {
    static let versionLine = "age-encryption.org/v1"
    static let fileKeySize = 16
    static let columnsPerLine = 64
    static let bytesPerLine = columnsPerLine / 4 * 3
    static let chunkSize = 64 * 1024
    static let tagSize = 16
    static let encryptedChunkSize = chunkSize + tagSize
    static let nonceSize = 16
    /// Bounds the memory a hostile header can take.
    static let maxHeaderSize = 4 * 1024 * 1024

    /// Whether `text` is a valid stanza argument: non-empty, printable ASCII without spaces.
    static func isValidArgument(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
