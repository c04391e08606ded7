/// What tells one card of a number from another beyond the number itself: its PAN sequence number and its expiry.
/// A card is (fingerprint, PAN sequence number, expiry); a renewal keeps the sequence number and moves the expiry
/// later, a reissue takes a sequence number the number has not had before. Packed into three bytes, so that a
/// sighting of a million cards stays small.
public struct CardIssue: Sendable, Hashable, BitwiseCopyable, CustomStringConvertible {
    /// The PAN sequence number (0…99), or `CardIssue.noSequence` for a card without one.
    public let panSequence: UInt8
    /// The expiry as the number `YYMM` (2806), or 0 for a card without one (access cards).
    public let expiry: UInt16

    /// The `panSequence` of a card that has none (a magnetic-stripe card, an access card).
    public static let noSequence: UInt8 = 0xFF

    /// Creates an issue from its stored values.
    /// - Returns: `nil` when the sequence number is past 99 (other than `noSequence`) or the expiry past 9912.
    public init?(panSequence: Int, expiry: Int) {
        guard (0...99).contains(panSequence) || panSequence == Int(Self.noSequence), (0...9912).contains(expiry) else { return nil }
        self.panSequence = UInt8(panSequence)
        self.expiry = UInt16(expiry)
    }

    /// The issue of a card data record: its PAN sequence number where it sends two digits, otherwise the product's
    /// chip default (tag 5F34), otherwise none; its expiry where it is a `YYMM` month, otherwise none.
    /// - Parameters:
    ///   - panSequenceNumber: the record's field (empty when not sent).
    ///   - expiry: the record's expiry field.
    ///   - defaultSequence: the product's chip PAN sequence number, if it has one.
    public init(panSequenceNumber: String, expiry: String, defaultSequence: Int?) {
        var sequence = defaultSequence.flatMap { (0...99).contains($0) ? UInt8($0) : nil } ?? Self.noSequence
        let psn = panSequenceNumber.utf8
        if psn.count == 2, let first = psn.first, let last = psn.last, (0x30...0x39).contains(first), (0x30...0x39).contains(last) {
            sequence = (first - 0x30) * 10 + (last - 0x30)
        }
        panSequence = sequence
        if let month = ExpiryMonth(expiry) {
            let year = month.monthIndex / 12 - 2000
            self.expiry = UInt16(year * 100 + month.monthIndex % 12 + 1)
        } else {
            self.expiry = 0
        }
    }

    /// The PAN sequence number as two digits, or `nil` for none.
    public var panSequenceText: String? {
        panSequence == Self.noSequence ? nil : (panSequence < 10 ? "0" : "") + String(panSequence)
    }

    /// The expiry as `YYMM`, or `nil` for none.
    public var expiryText: String? {
        guard expiry != 0 else { return nil }
        let text = String(expiry)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    /// As messages show it: `PAN sequence number 01, expiry 2806`.
    public var description: String {
        "PAN sequence number \(panSequenceText ?? "none"), expiry \(expiryText ?? "none")"
    }
}

/// One card as the ledger remembers it: the number's keyed fingerprint and the issue.
public struct RegisteredCard: Sendable, Hashable, BitwiseCopyable {
    /// The card number's keyed fingerprint.
    public var fingerprint: CardFingerprint
    /// Which card of the number.
    public var issue: CardIssue
    /// What the duplicate check found in the ledger before this drop: true when an earlier drop had a card of the
    /// number, false when none had; nil when not known, and the ledger looks when it records the card. Not part of the
    /// card's identity: two cards of the same number and issue are equal whatever their checks found.
    public var numberHeld: Bool?

    /// Creates a card.
    public init(fingerprint: CardFingerprint, issue: CardIssue, numberHeld: Bool? = nil) {
        self.fingerprint = fingerprint
        self.issue = issue
        self.numberHeld = numberHeld
    }

    public static func == (lhs: RegisteredCard, rhs: RegisteredCard) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.issue == rhs.issue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
        hasher.combine(issue)
    }
}

/// What earlier drops had of one card number: the issues the ledger knows, and whether it also holds a card of
/// the number recorded before issues were kept (whose PAN sequence number and expiry are unknown).
public struct EarlierCards: Sendable, Equatable {
    /// The known issues, in no particular order.
    public var issues: [CardIssue]
    /// Whether a card of the number was recorded without its issue.
    public var includesUnknown: Bool

    /// Creates what earlier drops had.
    public init(issues: [CardIssue] = [], includesUnknown: Bool = false) {
        self.issues = issues
        self.includesUnknown = includesUnknown
    }

    /// Nothing: no earlier drop had the number.
    public static let none = EarlierCards()

    /// Whether no earlier drop had the number.
    public var isEmpty: Bool { issues.isEmpty && !includesUnknown }
}
