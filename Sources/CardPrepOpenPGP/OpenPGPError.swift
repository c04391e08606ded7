/// What went wrong with OpenPGP data or keys: each case says what and why, without card data.
public enum OpenPGPError: Error, CustomStringConvertible {
    /// librnp returned `status` from `operation`, with its own message.
    case library(operation: String, status: OpenPGPStatus, message: String)
    /// The byte source or sink behind `operation` failed (a read error, a full disk).
    case stream(operation: String, underlying: any Error)
    /// The key material holds no key of the kind needed (`what`: "secret key", "public key").
    case noKey(what: String)
    /// A secret key is protected by a passphrase and none was given.
    case passphraseNeeded(fingerprint: String)
    /// The passphrase given does not unlock a secret key.
    case wrongPassphrase(fingerprint: String)
    /// The message is encrypted, but to none of the keys held: to the key ids listed (empty: hidden recipients).
    case notForThisKey(recipients: [String])
    /// The data is not encrypted to a public key (`protection`: librnp's mode, such as "none"; or a passphrase).
    case notEncrypted(protection: String)
    /// The message decrypts but carries no integrity protection (legacy CFB without MDC, `protection` "cfb").
    case integrityUnprotected(protection: String)
    /// The message is encrypted to a key held but is truncated, altered or malformed (`status` says how librnp saw it).
    case integrityFailed(status: OpenPGPStatus, message: String)
    /// The detached signature holds no signature.
    case signatureMissing(reason: String)
    /// The signature is by none of the keys held: by the key ids listed.
    case signatureUnknownKey(keyIDs: [String])
    /// The signature is by a key held but does not verify over the data (altered data or signature, expired).
    case signatureInvalid(reason: String)

    /// A readable account of the value, for messages and quarantine reasons.
    public var description: String {
        switch self {
        case let .library(operation, status, message): "\(operation) failed with \(status): \(message)"
        case let .stream(operation, underlying): "\(operation) failed in the underlying stream: \(underlying)"
        case let .noKey(what): "the key material holds no OpenPGP \(what)"
        case let .passphraseNeeded(fingerprint):
            "the OpenPGP secret key \(fingerprint) is protected by a passphrase and no passphrase file is configured"
        case let .wrongPassphrase(fingerprint): "the passphrase does not unlock the OpenPGP secret key \(fingerprint)"
        case let .notForThisKey(recipients):
            recipients.isEmpty
                ? "not encrypted to the bureau's OpenPGP key (the recipients are hidden)"
                : "not encrypted to the bureau's OpenPGP key: encrypted to key id(s) \(recipients.joined(separator: ", "))"
        case let .notEncrypted(protection):
            "not encrypted to the bureau's OpenPGP key (protection: \(protection)); card data must be encrypted to it"
        case let .integrityUnprotected(protection):
            "no integrity protection (protection: \(protection), a legacy packet without MDC); "
                + "the sender must use an OpenPGP implementation that writes MDC or AEAD packets"
        case let .integrityFailed(status, message):
            "the encrypted data is truncated, altered or malformed (\(status): \(message))"
        case let .signatureMissing(reason): "no OpenPGP signature: \(reason)"
        case let .signatureUnknownKey(keyIDs):
            "signed by a key not in the customer's profile: key id(s) \(keyIDs.joined(separator: ", "))"
        case let .signatureInvalid(reason): "the OpenPGP signature does not verify: \(reason)"
        }
    }
}
