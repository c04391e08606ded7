/// The file ends with a trailer whose record count and hash total match the detail records.
public struct TrailerCheck: DropCheck {
    /// Creates the check.
    public init() {}

    public var id: String { "trailer" }
    public var summary: String { "The trailer's record count and hash total match the detail records read." }

    public var examples: [DropCheckExample] {
        var total = HashTotal()
        total.add("4111111111111111")
        total.add("5200000000000007")
        func tally(_ trailer: CardDataTrailer?) -> DropTally { DropTally(trailer: trailer, detailRecords: 2, hashTotal: total) }
        return [
            .passes(tally(CardDataTrailer(count: 2, hashTotal: total.value)), "both totals match"),
            .fails(tally(nil), .trailerMissing, note: "no trailer"),
            .fails(tally(CardDataTrailer(count: 3, hashTotal: total.value)), .trailerCount, note: "one record too many"),
            .fails(tally(CardDataTrailer(count: 2, hashTotal: total.value + 1)), .trailerHashTotal, note: "hash total off"),
            .fails(tally(CardDataTrailer(count: nil, hashTotal: nil)), .trailerCount, .trailerHashTotal,
                   note: "totals that are not numbers"),
        ]
    }

    public func check(_ tally: DropTally, in context: RuleContext) -> [Finding] {
        guard let trailer = tally.trailer else {
            return [Finding(.trailerMissing, .rejectDrop, at: .drop, message: "the card data file has no trailer record")]
        }
        var findings: [Finding] = []
        if trailer.count != tally.detailRecords {
            let stated = trailer.count.map { "states \($0)" } ?? "has no readable count"
            findings.append(Finding(.trailerCount, .rejectDrop, at: FindingLocation(field: TrailerField.count.rawValue),
                                    message: "the trailer \(stated); the file has \(tally.detailRecords) detail records"))
        }
        if trailer.hashTotal != tally.hashTotal.value {
            findings.append(Finding(.trailerHashTotal, .rejectDrop, at: FindingLocation(field: TrailerField.hashTotal.rawValue),
                                    message: "the trailer's hash total does not match the card numbers of the detail records"))
        }
        return findings
    }
}
