/// The file starts with a header of the contract's format that names the drop's order.
public struct HeaderCheck: DropCheck {
    /// Creates the check.
    public init() {}

    public var id: String { "header" }
    public var summary: String { "The file has a header of the expected format naming the drop's order." }

    public var examples: [DropCheckExample] {
        let good = CardDataHeader(fields: [.formatName: CardDataFile.formatName, .orderID: "ORD-1"])
        let otherFormat = CardDataHeader(fields: [.formatName: "OTHER-CARDS", .orderID: "ORD-1"])
        let otherOrder = CardDataHeader(fields: [.formatName: CardDataFile.formatName, .orderID: "ORD-2"])
        return [
            .passes(DropTally(header: good), "the CardPrep format, order ORD-1"),
            .fails(DropTally(), .headerMissing, note: "no header"),
            .fails(DropTally(header: otherFormat), .headerMismatch, note: "another format"),
            .fails(DropTally(header: otherOrder), .headerMismatch, note: "another order"),
        ]
    }

    public func check(_ tally: DropTally, in context: RuleContext) -> [Finding] {
        guard let header = tally.header else {
            return [Finding(.headerMissing, .rejectDrop, at: .drop, message: "the card data file has no header record")]
        }
        var findings: [Finding] = []
        if let expected = context.contract.layout.expectedFormatName, header.fields[.formatName] != expected {
            findings.append(Finding(.headerMismatch, .rejectDrop, at: FindingLocation(field: HeaderField.formatName.rawValue),
                                    message: "the header does not name the format \(expected)"))
        }
        if let version = context.contract.layout.expectedVersion, case let named = header.fields[.version] ?? "", named != version {
            findings.append(Finding(.headerMismatch, .rejectDrop, at: FindingLocation(field: HeaderField.version.rawValue),
                                    message: "the header names format version \(named), the customer's profile expects version \(version)"))
        }
        if let orderID = context.orderID, let named = header.orderID, named != orderID {
            findings.append(Finding(.headerMismatch, .rejectDrop, at: FindingLocation(field: HeaderField.orderID.rawValue),
                                    message: "the header names order \(named), the drop's order is \(orderID)"))
        }
        return findings
    }
}
