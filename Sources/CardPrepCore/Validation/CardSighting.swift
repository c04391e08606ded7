/// One record of a drop that carries a well-formed card number, as the repeated-card rules see it once every
/// record has been read: the card's fingerprint, which card of the number it is, the product's repeat policy and
/// where the record is, never the number itself.
public struct CardSighting: Sendable, Equatable, BitwiseCopyable {
    /// The card's keyed fingerprint.
    public var fingerprint: CardFingerprint
    /// The record's line in the file; sightings of one card are ordered by it.
    public var line: Int
    /// The record's number.
    public var recordNumber: Int
    /// The order line the record names.
    public var orderLine: Int
    /// The card number as reports show it.
    public var masked: MaskedCardNumber
    /// Whether a record rule already rejected the record.
    public var rejectedByRecordRules: Bool
    /// Which card of the number the record carries: its PAN sequence number and expiry.
    public var issue: CardIssue
    /// Whether the record's product takes renewals and reissues.
    public var policy: RepeatPolicy

    /// Creates a sighting.
    public init(
        fingerprint: CardFingerprint, line: Int, recordNumber: Int, orderLine: Int, masked: MaskedCardNumber,
        rejectedByRecordRules: Bool, issue: CardIssue = CardIssue(panSequenceNumber: "", expiry: "", defaultSequence: nil),
        policy: RepeatPolicy = .refuseAll
    ) {
        self.fingerprint = fingerprint
        self.line = line
        self.recordNumber = recordNumber
        self.orderLine = orderLine
        self.masked = masked
        self.rejectedByRecordRules = rejectedByRecordRules
        self.issue = issue
        self.policy = policy
    }

    /// The card as the ledger remembers it.
    public var card: RegisteredCard { RegisteredCard(fingerprint: fingerprint, issue: issue) }

    /// Whether `self` sorts before `other`: by fingerprint, then by line.
    static func precedes(_ lhs: CardSighting, _ rhs: CardSighting) -> Bool {
        lhs.fingerprint == rhs.fingerprint ? lhs.line < rhs.line : lhs.fingerprint < rhs.fingerprint
    }
}

/// What a report may show of a well-formed card number (12 to 19 digits): its first six and last four digits
/// and its length, packed into a few bytes.
public struct MaskedCardNumber: Sendable, Equatable, BitwiseCopyable {
    private let first6: UInt32
    private let last4: UInt16
    private let length: UInt8

    /// Takes the shown digits of `cardNumber`.
    /// - Returns: `nil` unless the number is 12 to 19 ASCII digits.
    public init?(_ cardNumber: String) {
        let digits = cardNumber.utf8
        guard (12...19).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var head: UInt32 = 0
        var tail: UInt16 = 0
        var index = 0
        let tailStart = digits.count - 4
        for byte in digits {
            if index < 6 { head = head * 10 + UInt32(byte - 0x30) }
            if index >= tailStart { tail = tail * 10 + UInt16(byte - 0x30) }
            index += 1
        }
        first6 = head
        last4 = tail
        length = UInt8(digits.count)
    }

    /// The number as reports show it, like `CardNumber.masked`: `411111******1111`.
    public var text: String {
        let head = String(first6)
        let tail = String(last4)
        return String(repeating: "0", count: 6 - head.count) + head + String(repeating: "*", count: Int(length) - 10)
            + String(repeating: "0", count: 4 - tail.count) + tail
    }
}
