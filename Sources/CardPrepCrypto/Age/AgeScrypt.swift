import Crypto
import CryptoExtras
import Foundation

/// An age passphrase recipient: the file key is wrapped under a key derived with scrypt.
/// An scrypt stanza must be the only stanza of a file.
public struct AgeScryptRecipient: AgeRecipient, CustomStringConvertible, CustomDebugStringConvertible {
    static let stanzaType = "scrypt"
    static let label = "age-encryption.org/v1/scrypt"
    static let saltSize = 16
    /// The work factors age accepts when encrypting.
    public static let workFactorRange = 1...30

    private let passphrase: [UInt8]
    private let workFactor: Int

    /// Creates a passphrase recipient.
    /// - Parameters:
    ///   - passphrase: the passphrase; must not be empty.
    ///   - workFactor: log2 of the scrypt cost N (age's default is 18: about a second, 256 MiB).
    /// - Throws: `AgeError.badPassphrase` or `AgeError.badRecipients` for an empty passphrase or a work factor outside 1...30.
    public init(passphrase: String, workFactor: Int = 18) throws {
        guard !passphrase.isEmpty else { throw AgeError.badPassphrase(reason: "the passphrase is empty") }
        guard Self.workFactorRange.contains(workFactor) else {
            throw AgeError.badRecipients(reason: "scrypt work factor \(workFactor) is outside \(Self.workFactorRange)")
        }
        self.passphrase = Array(passphrase.utf8)
        self.workFactor = workFactor
    }

    /// Wraps the file key in one `scrypt` stanza with a fresh 16-byte salt.
    public func wrap(fileKey: [UInt8]) throws -> [AgeStanza] {
        let salt = AgePrimitives.randomBytes(Self.saltSize)
        let key = try Self.deriveKey(passphrase: passphrase, salt: salt, workFactor: workFactor)
        let body = AgePrimitives.seal(fileKey, key: key)
        return [AgeStanza(type: Self.stanzaType, arguments: [AgeBase64.encode(salt), String(workFactor)], body: body)]
    }

    /// Hides the passphrase when printed.
    public var description: String { "AgeScryptRecipient(workFactor: \(workFactor))" }

    /// Same as `description`.
    public var debugDescription: String { description }

    static func deriveKey(passphrase: [UInt8], salt: [UInt8], workFactor: Int) throws -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(
                from: passphrase, salt: Array(label.utf8) + salt, outputByteCount: 32,
                rounds: 1 << workFactor, blockSize: 8, parallelism: 1)
        } catch {
            throw AgeError.stanzaInvalid(type: stanzaType, reason: "scrypt failed for work factor \(workFactor)")
        }
    }
}

/// An age passphrase identity: unwraps files encrypted to an `AgeScryptRecipient` with the same passphrase.
public struct AgeScryptIdentity: AgeIdentity, CustomStringConvertible, CustomDebugStringConvertible {
    private let passphrase: [UInt8]
    private let maxWorkFactor: Int

    /// Creates a passphrase identity.
    /// - Parameters:
    ///   - passphrase: the passphrase; must not be empty.
    ///   - maxWorkFactor: the highest work factor accepted, so that a hostile file cannot make decryption run for hours.
    /// - Throws: `AgeError.badPassphrase` for an empty passphrase.
    public init(passphrase: String, maxWorkFactor: Int = 22) throws {
        guard !passphrase.isEmpty else { throw AgeError.badPassphrase(reason: "the passphrase is empty") }
        self.passphrase = Array(passphrase.utf8)
        self.maxWorkFactor = min(maxWorkFactor, AgeScryptRecipient.workFactorRange.upperBound)
    }

    /// Unwraps the file key from the `scrypt` stanza, which must be the only stanza.
    /// - Throws: `AgeError.stanzaInvalid` for a malformed stanza, `.scryptWorkFactorTooHigh` above `maxWorkFactor`.
    public func unwrap(_ stanzas: [AgeStanza]) throws -> [UInt8]? {
        guard let stanza = stanzas.first(where: { $0.type == AgeScryptRecipient.stanzaType }) else { return nil }
        func invalid(_ reason: String) -> AgeError { .stanzaInvalid(type: stanza.type, reason: reason) }
        guard stanzas.count == 1 else { throw invalid("an scrypt stanza must be the only stanza") }
        guard stanza.arguments.count == 2 else { throw invalid("expected two arguments, got \(stanza.arguments.count)") }
        guard let salt = AgeBase64.decode(stanza.arguments[0].utf8) else { throw invalid("salt is not canonical base64") }
        guard salt.count == AgeScryptRecipient.saltSize else { throw invalid("salt has \(salt.count) bytes, not 16") }
        let workFactor = try Self.parseWorkFactor(stanza.arguments[1], stanzaType: stanza.type)
        guard workFactor <= maxWorkFactor else {
            throw AgeError.scryptWorkFactorTooHigh(workFactor: workFactor, maximum: maxWorkFactor)
        }
        guard stanza.body.count == AgeFormat.fileKeySize + AgeFormat.tagSize else {
            throw invalid("body has \(stanza.body.count) bytes, not 32")
        }
        let key = try AgeScryptRecipient.deriveKey(passphrase: passphrase, salt: salt, workFactor: workFactor)
        return AgePrimitives.open(stanza.body[...], key: key)
    }

    /// Hides the passphrase when printed.
    public var description: String { "AgeScryptIdentity(maxWorkFactor: \(maxWorkFactor))" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Parses a work factor written in canonical decimal: digits only, no sign, no leading zero, at least 1.
    static func parseWorkFactor(_ text: String, stanzaType: String) throws -> Int {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits[0] != 0x30,
            let value = Int(text), value >= 1
        else {
            throw AgeError.stanzaInvalid(type: stanzaType, reason: "work factor is not a canonical decimal number in 1...99")
        }
        return value
    }
}
