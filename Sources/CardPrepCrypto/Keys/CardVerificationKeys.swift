import CardPrepCore
import CardPrepPKCS11
import Foundation

/// An issuer's card verification key in a PKCS#11 token: the Visa CVV method's DES operations run in the token.
public struct TokenCardVerificationKey: CardVerificationCipher {
    /// The key in the token.
    public let key: PKCS11CardVerificationKey

    /// Finds the key `uri` names (and its left half beside it) in the token `settings` reach.
    /// - Throws: `TokenKeyError` when the token or key cannot be used.
    public init(_ uri: PKCS11URI, settings: TokenSettings) throws(TokenKeyError) {
        let token = try settings.token(for: uri)
        do { key = try PKCS11CardVerificationKey(uri, in: token) } catch { throw .token(error) }
    }

    /// Puts the key of a key file (`CardVerificationKeyFile`) into the token; keep the file offline, or destroy it.
    /// - Returns: the key in the token and its check value.
    /// - Throws: `KeyFileError` for the file, `TokenKeyError` when the token refuses or a label is taken.
    public static func importing(file: String, as uri: PKCS11URI, settings: TokenSettings) throws -> (
        key: TokenCardVerificationKey, checkValue: String
    ) {
        let value = try CardVerificationKeyFile.bytes(file)
        return try importing(value: value, as: uri, settings: settings)
    }

    /// Puts the key A|B (16 bytes) into the token.
    /// - Returns: the key in the token and its check value, computed by the token.
    /// - Throws: `TokenKeyError` when the token refuses or a label is taken.
    public static func importing(value: [UInt8], as uri: PKCS11URI, settings: TokenSettings) throws -> (
        key: TokenCardVerificationKey, checkValue: String
    ) {
        let token = try settings.token(for: uri)
        do {
            let key = TokenCardVerificationKey(key: try token.importCardVerificationKey(uri, value: value))
            return (key, try key.checkValue())
        } catch {
            throw TokenKeyError.token(error)
        }
    }

    private init(key: PKCS11CardVerificationKey) { self.key = key }

    public func encryptUnderLeftHalf(_ block: [UInt8]) throws -> [UInt8] { try key.encryptUnderLeftHalf(block) }

    public func encryptTripleDES(_ block: [UInt8]) throws -> [UInt8] { try key.encryptTripleDES(block) }

    /// The key check value: the first three bytes of a zero block under A|B, in upper-case hex.
    /// - Throws: `PKCS11Error` when the token refuses.
    public func checkValue() throws(PKCS11Error) -> String {
        var hex = [UInt8]()
        Hex.appendUppercase(Array(try key.encryptTripleDES([UInt8](repeating: 0, count: 8)).prefix(3)), to: &hex)
        return String(decoding: hex, as: UTF8.self)
    }
}

/// A card verification key in a file, **for tests and demonstrations only**: one line of 32 hex digits (A then B),
/// readable by its owner only. A bureau keeps the issuer's keys in a token (`cardprep keys token-cvk`).
public enum CardVerificationKeyFile {
    /// The key's 16 bytes.
    /// - Throws: `KeyFileError` when the file is missing, readable by others, or not 32 hex digits.
    public static func bytes(_ path: String) throws(KeyFileError) -> [UInt8] {
        let text = try PrivateKeyFile.read(path).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 32, let bytes = Hex.decode(text) else {
            throw .malformed(path: path, reason: "a card verification key file holds 32 hex digits (A then B) on one line")
        }
        return bytes
    }

    /// The key of the file, in memory.
    /// - Throws: as ``bytes(_:)`` does.
    public static func load(_ path: String) throws(KeyFileError) -> SoftwareCardVerificationKey {
        guard let key = SoftwareCardVerificationKey(key: try bytes(path)) else {
            throw .malformed(path: path, reason: "not a double-length DES key")
        }
        return key
    }
}
