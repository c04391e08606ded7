/// A problem found in a drop's card data: a value, not an error. It names where it is, how bad it is,
/// a stable reason code and a message; it shows card numbers masked only.
public struct Finding: Sendable, Equatable, Codable {
    /// Where the problem is.
    public var location: FindingLocation
    /// The stable reason code.
    public var reasonCode: ReasonCode
    /// What the problem does to the record or the drop.
    public var severity: Severity
    /// The card number masked (first six, last four), when the finding concerns one card.
    public var maskedCardNumber: String?
    /// A readable explanation; never holds card data.
    public var message: String

    /// Creates a finding; the card number, if given, is masked here and never stored in clear.
    public init(
        _ reasonCode: ReasonCode, _ severity: Severity, at location: FindingLocation, cardNumber: String? = nil,
        message: String
    ) {
        self.reasonCode = reasonCode
        self.severity = severity
        self.location = location
        self.maskedCardNumber = cardNumber.flatMap { $0.isEmpty ? nil : CardNumber.masked($0) }
        self.message = message
    }

    /// Creates a finding about a card known only by its masked number.
    public init(_ reasonCode: ReasonCode, _ severity: Severity, at location: FindingLocation, masked: MaskedCardNumber, message: String) {
        self.reasonCode = reasonCode
        self.severity = severity
        self.location = location
        self.maskedCardNumber = masked.text
        self.message = message
    }
}

/// Where a finding is: a record, a line of the file, a field. Drop-level findings have none of them.
public struct FindingLocation: Sendable, Equatable, Codable {
    /// The record number the sender gave the record.
    public var recordNumber: Int?
    /// The line of the file, counted from 1.
    public var line: Int?
    /// The field concerned, by its name in the layout.
    public var field: String?

    /// Creates a location.
    public init(recordNumber: Int? = nil, line: Int? = nil, field: String? = nil) {
        self.recordNumber = recordNumber
        self.line = line
        self.field = field
    }

    /// The location of the drop as a whole.
    public static let drop = FindingLocation()
}

/// What a finding does.
public enum Severity: String, Sendable, Equatable, Codable, CaseIterable {
    /// The record is not produced.
    case rejectRecord
    /// The whole drop is quarantined.
    case rejectDrop
    /// Noted, nothing is rejected.
    case warning
}

/// The stable reason codes of findings, as reports and the ledger store them.
public enum ReasonCode: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case panLength = "pan-length"
    case panSeparators = "pan-separators"
    case validityTooShort = "validity-too-short"
    case nameParts = "name-parts"
    case cardholderAddress = "cardholder-address"
    case panLuhn = "pan-luhn"
    case binNotAllowed = "bin-not-allowed"
    case expiryInvalid = "expiry-invalid"
    case expired = "expired"
    case validityTooLong = "validity-too-long"
    case holderType = "holder-type"
    case serviceCode = "service-code"
    case nameInvalid = "name-invalid"
    case nameTooLong = "name-too-long"
    case nameNotTransliterable = "name-not-transliterable"
    case embossLayout = "emboss-layout"
    case trackData = "track-data"
    case chipData = "chip-data"
    case cardValue = "card-value"
    case panSequenceNumber = "pan-sequence-number"
    case issuerChipData = "issuer-chip-data"
    case carrierAddress = "carrier-address"
    case duplicateInDrop = "duplicate-in-drop"
    case duplicateEarlierDrop = "duplicate-earlier-drop"
    /// A renewal of an earlier card where the product's profile refuses renewals.
    case renewalRefused = "renewal-refused"
    /// An earlier card's PAN sequence number with an expiry not later than every earlier card's.
    case renewalNotLater = "renewal-not-later"
    /// A reissue of an earlier card where the product's profile refuses reissues.
    case reissueRefused = "reissue-refused"
    case headerMissing = "header-missing"
    case headerMismatch = "header-mismatch"
    case trailerMissing = "trailer-missing"
    case trailerCount = "trailer-count"
    case trailerHashTotal = "trailer-hash-total"
    case quantityMismatch = "quantity-mismatch"
    case unknownProduct = "unknown-product"
    case unknownOrderLine = "unknown-order-line"
    case orderLineMismatch = "order-line-mismatch"
    case malformedRecord = "malformed-record"
    case rejectThreshold = "reject-threshold"
    case orderInvalid = "order-invalid"
    case dropLayout = "drop-layout"
    /// A replacement order names an order that cannot take it (unknown, not waiting, line not short).
    case replacementInvalid = "replacement-invalid"

    /// Orders codes by their text, for stable summaries.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
