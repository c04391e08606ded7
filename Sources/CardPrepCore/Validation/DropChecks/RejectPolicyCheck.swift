/// The drop's rejected records stay within the contract's reject policy; past it, the drop is
/// quarantined whole instead of produced in part.
public struct RejectPolicyCheck: DropCheck {
    /// Creates the check.
    public init() {}

    public var id: String { "reject-policy" }
    public var summary: String { "The number and share of rejected records stay within the reject policy." }

    public var examples: [DropCheckExample] {
        [
            .passes(DropTally(detailRecords: 100), "nothing rejected"),
            .fails(DropTally(detailRecords: 100, rejectedRecords: 1), .rejectThreshold,
                   note: "one rejected where the example policy tolerates none"),
        ]
    }

    public func check(_ tally: DropTally, in context: RuleContext) -> [Finding] {
        let policy = context.contract.rejectPolicy
        guard policy.isExceeded(rejected: tally.rejectedRecords, total: tally.detailRecords) else { return [] }
        var limits: [String] = []
        if let count = policy.maxRejectedRecords { limits.append("at most \(count) records") }
        if let share = policy.maxRejectedShare { limits.append("at most \(share * 100)% of records") }
        return [Finding(.rejectThreshold, .rejectDrop, at: .drop,
                        message: "\(tally.rejectedRecords) of \(tally.detailRecords) records rejected; the policy allows "
                            + limits.joined(separator: " and "))]
    }
}
