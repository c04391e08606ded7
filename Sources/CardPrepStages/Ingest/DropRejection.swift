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
