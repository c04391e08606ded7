/// Why a drop was refused and moved to quarantine. The reason code is stable, for scripts and reports.
public struct DropRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable reason codes.
    public enum Code: String, Sendable, CaseIterable {
        case manifestMalformed = "manifest-malformed"
        case unexpectedEntry = "unexpected-entry"
        case unlistedFile = "unlisted-file"
        case unknownFileKind = "unknown-file-kind"
        case noCardData = "no-card-data"
        case noOrder = "no-order"
        case digestMismatch = "digest-mismatch"
        case unknownCustomer = "unknown-customer"
        case signatureMissing = "signature-missing"
        case signatureInvalid = "signature-invalid"
        case wrongRecipient = "wrong-recipient"
        case ciphertextCorrupt = "ciphertext-corrupt"
        /// The manifest's OpenPGP signature is by a key that is not in the customer's profile.
        case signatureUnknownKey = "signature-unknown-key"
        /// A card data file is not in the format the customer's profile names (`card_data_encryption`).
        case cardDataFormat = "card-data-format"
        /// OpenPGP card data not encrypted to the bureau's OpenPGP key.
        case openPGPWrongRecipient = "openpgp-wrong-recipient"
        /// OpenPGP data that is not encrypted to a public key (plain, signed only, or passphrase-encrypted).
        case openPGPNotEncrypted = "openpgp-not-encrypted"
        /// OpenPGP card data without integrity protection (a legacy packet without MDC or AEAD).
        case openPGPUnprotected = "openpgp-unprotected"
        /// OpenPGP card data that fails its integrity check: truncated, altered or malformed.
        case openPGPIntegrity = "openpgp-integrity"
    }

    public var code: Code
    /// What was wrong and where, without card data.
    public var message: String

    /// Creates a rejection.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
