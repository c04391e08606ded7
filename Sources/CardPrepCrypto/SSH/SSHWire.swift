import Foundation

/// Why bytes in the SSH wire encoding (RFC 4251 section 5) could not be read.
enum SSHWireError: Error, Equatable, CustomStringConvertible {
    /// The data ended inside the named field.
    case truncated(field: String)
    /// The named field is not valid UTF-8 text.
    case notText(field: String)

    var description: String {
        switch self {
        case let .truncated(field): "data ends inside \(field)"
        case let .notText(field): "\(field) is not UTF-8 text"
        }
    }
}

/// Reads the SSH wire encoding: big-endian `uint32`, and `string` as a length-prefixed byte run.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    /// Creates a reader at the start of `bytes`.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset == bytes.count }

    /// The bytes not read yet.
    var remaining: [UInt8] { Array(bytes[offset...]) }

    /// Reads exactly `count` raw bytes.
    mutating func readBytes(_ count: Int, field: String) throws(SSHWireError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw .truncated(field: field) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a big-endian `uint32`.
    mutating func readUInt32(field: String) throws(SSHWireError) -> UInt32 {
        let four = try readBytes(4, field: field)
        return four.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Reads a `string`: a `uint32` length followed by that many bytes.
    mutating func readString(field: String) throws(SSHWireError) -> [UInt8] {
        let length = try readUInt32(field: field)
        return try readBytes(Int(length), field: field)
    }

    /// Reads a `string` and decodes it as UTF-8 text.
    mutating func readText(field: String) throws(SSHWireError) -> String {
        let raw = try readString(field: field)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .notText(field: field) }
        return text
    }
}

/// Writes the SSH wire encoding.
struct SSHWireWriter {
    /// Everything written so far.
    private(set) var bytes: [UInt8] = []

    /// Appends raw bytes with no length prefix.
    mutating func writeBytes(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// Appends a big-endian `uint32`.
    mutating func writeUInt32(_ value: UInt32) {
        bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) })
    }

    /// Appends a `string`: its length as `uint32`, then its bytes.
    mutating func writeString(_ raw: [UInt8]) {
        writeUInt32(UInt32(raw.count))
        bytes.append(contentsOf: raw)
    }

    /// Appends text as a UTF-8 `string`.
    mutating func writeText(_ text: String) { writeString(Array(text.utf8)) }
}

/// Standard padded base64 as OpenSSH writes it, decoded strictly (canonical input only).
enum SSHBase64 {
    /// Encodes `bytes` as padded base64 on one line.
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes canonical padded base64; returns nil for anything else.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard let data = Data(base64Encoded: String(text)) else { return nil }
        let bytes = [UInt8](data)
        // Foundation accepts non-zero trailing bits; a canonical encoding round-trips exactly.
        guard encode(bytes) == text else { return nil }
        return bytes
    }
}

extension SSHWireReader {
    /// Reads a public key blob of `keyType`: checks the type, lets `body` read the rest, checks nothing follows,
    /// and reports every failure as `SSHKeyError` (another type as `unsupportedKeyType`).
    static func readKeyBlob<Key>(
        _ blob: [UInt8], keyType: String, _ body: (inout SSHWireReader) throws -> Key
    ) throws(SSHKeyError) -> Key {
        var reader = SSHWireReader(blob)
        do {
            let type = try reader.readText(field: "key type")
            guard type == keyType else { throw SSHKeyError.unsupportedKeyType(type) }
            let key = try body(&reader)
            guard reader.isAtEnd else { throw SSHKeyError.malformedPublicKey(reason: "bytes follow the key") }
            return key
        } catch let error as SSHKeyError {
            throw error
        } catch {
            throw .malformedPublicKey(reason: "\(error)")
        }
    }
}
