import CardPrepCore
import Crypto
import Foundation

/// The bureau's key for card fingerprints: a card number is remembered across drops as its
/// HMAC-SHA256 under this key, never as the number itself.
public struct FingerprintKey: Sendable {
    /// The first line of a fingerprint key file.
    public static let header = "CARDPREP-FINGERPRINT-KEY-1"
    private let key: SymmetricKey

    /// A new random key.
    public static func generate() -> FingerprintKey { FingerprintKey(key: SymmetricKey(size: .bits256)) }

    private init(key: SymmetricKey) { self.key = key }

    /// Reads the key from the text of a key file (`CARDPREP-FINGERPRINT-KEY-1` then 64 hex digits).
    /// - Throws: `KeyFileError.malformed` when the text is not such a file.
    public init(fileText: String, path: String) throws(KeyFileError) {
        let lines = fileText.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
        guard lines.count == 2, lines[0] == Self.header, let bytes = Hex.decode(lines[1]), bytes.count == 32 else {
            throw .malformed(path: path, reason: "expected '\(Self.header)' and 64 hex digits")
        }
        key = SymmetricKey(data: bytes)
    }

    /// The key file's text.
    public var fileText: String {
        "# CardPrep card fingerprint key: keep secret, keep backed up (fingerprints of earlier drops depend on it)\n"
            + Self.header + "\n" + key.withUnsafeBytes { Hex.encode(Array($0)) } + "\n"
    }

    /// The fingerprint of a card number: hex HMAC-SHA256 under this key.
    public func fingerprint(of cardNumber: some StringProtocol) -> String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(cardNumber.utf8), using: key)))
    }
}
