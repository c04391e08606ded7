/// A check on a drop as a whole, made once every record has been read: header and trailer,
/// control totals, quantities per order line, the reject policy.
public protocol DropCheck: Sendable {
    /// The check's stable identifier (kebab-case).
    var id: String { get }
    /// What the check verifies, in one sentence.
    var summary: String { get }
    /// Tallies that pass and tallies that fail, checked against `RuleExamples.context()`.
    var examples: [DropCheckExample] { get }
    /// Checks the drop's tally.
    /// - Returns: the findings, empty when the drop passes.
    func check(_ tally: DropTally, in context: RuleContext) -> [Finding]
}

/// A drop's tally with the reason codes a check must find in it: none for a passing example.
public struct DropCheckExample: Sendable {
    /// The tally.
    public var tally: DropTally
    /// The reason codes the check must report, in order.
    public var expected: [ReasonCode]
    /// What the example shows.
    public var note: String

    /// A tally the check lets through.
    public static func passes(_ tally: DropTally, _ note: String) -> DropCheckExample {
        DropCheckExample(tally: tally, expected: [], note: note)
    }

    /// A tally the check rejects with `codes`.
    public static func fails(_ tally: DropTally, _ codes: ReasonCode..., note: String) -> DropCheckExample {
        DropCheckExample(tally: tally, expected: codes, note: note)
    }
}

/// What a drop validation keeps while records stream past: header, trailer, counts and the running
/// hash total; no card data.
public struct DropTally: Sendable, Equatable {
    /// The header, if the file had one.
    public var header: CardDataHeader?
    /// The trailer, if the file had one.
    public var trailer: CardDataTrailer?
    /// The detail records read, malformed ones included.
    public var detailRecords: Int
    /// The hash total of the well-formed detail records' card numbers.
    public var hashTotal: HashTotal
    /// The detail records per order line number, as sent.
    public var recordsPerOrderLine: [Int: Int]
    /// The detail records rejected (malformed or failing a rule).
    public var rejectedRecords: Int
    /// The well-formed detail records rejected, per order line number.
    public var rejectedPerOrderLine: [Int: Int] = [:]

    /// Creates a tally.
    public init(
        header: CardDataHeader? = nil, trailer: CardDataTrailer? = nil, detailRecords: Int = 0,
        hashTotal: HashTotal = HashTotal(), recordsPerOrderLine: [Int: Int] = [:], rejectedRecords: Int = 0
    ) {
        self.header = header
        self.trailer = trailer
        self.detailRecords = detailRecords
        self.hashTotal = hashTotal
        self.recordsPerOrderLine = recordsPerOrderLine
        self.rejectedRecords = rejectedRecords
    }
}
