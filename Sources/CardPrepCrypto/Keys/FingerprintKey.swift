import CardPrepCore
import Crypto
import Foundation

/// The bureau's key for card fingerprints: a card number is remembered across drops as its
/// HMAC-SHA256 under this key, never as the number itself.
public struct FingerprintKey: Sendable {
    /// The first line of a fingerprint key file.
    public static let header = "CARDPREP-FINGERPRINT-KEY-1"
    private let key: SymmetricKey
    /// SHA-256 after the key XOR ipad block, and after the key XOR opad block (RFC 2104): every
    /// fingerprint starts from copies of these, so the key blocks are hashed once, not once per card.
    private let inner: SHA256, outer: SHA256

    /// A new random key.
    public static func generate() -> FingerprintKey { FingerprintKey(key: SymmetricKey(size: .bits256)) }

    private init(key: SymmetricKey) {
        self.key = key
        (inner, outer) = Self.padStates(key)
    }

    private static func padStates(_ key: SymmetricKey) -> (SHA256, SHA256) {
        var block = [UInt8](repeating: 0, count: 64)
        key.withUnsafeBytes { for (index, byte) in $0.enumerated() { block[index] = byte } }
        var inner = SHA256(), outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5C })
        return (inner, outer)
    }

    /// Reads the key from the text of a key file (`CARDPREP-FINGERPRINT-KEY-1` then 64 hex digits).
    /// - Throws: `KeyFileError.malformed` when the text is not such a file.
    public init(fileText: String, path: String) throws(KeyFileError) {
        let lines = fileText.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
        guard lines.count == 2, lines[0] == Self.header, let bytes = Hex.decode(lines[1]), bytes.count == 32 else {
            throw .malformed(path: path, reason: "expected '\(Self.header)' and 64 hex digits")
        }
        key = SymmetricKey(data: bytes)
        (inner, outer) = Self.padStates(key)
    }

    /// The key's 32 bytes, for moving the key into a token (`TokenFingerprintKey.importing`).
    var secretBytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

    /// The key file's text.
    public var fileText: String {
        "# CardPrep card fingerprint key: keep secret, keep backed up (fingerprints of earlier drops depend on it)\n"
            + Self.header + "\n" + key.withUnsafeBytes { Hex.encode(Array($0)) } + "\n"
    }

    /// The fingerprint of a card number: HMAC-SHA256 of its digits (as ASCII) under this key.
    public func fingerprint(of cardNumber: String) -> CardFingerprint {
        var number = cardNumber
        var innerHash = inner
        number.withUTF8 { innerHash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var outerHash = outer
        innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return outerHash.finalize().withUnsafeBytes { CardFingerprint(raw: $0) }
    }
}
