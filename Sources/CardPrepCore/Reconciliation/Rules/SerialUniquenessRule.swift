/// No serial is both good and spoiled, and none is reported twice.
public struct SerialUniquenessRule: ReconciliationRule {
    public let id = "serial-uniqueness"
    public let summary = "every serial has one result: never both good and spoiled, never twice"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var results: [String: [ProductionResult]] = [:]
        var order: [String] = []
        for result in input.production {
            if results[result.serial] == nil { order.append(result.serial) }
            results[result.serial, default: []].append(result)
        }
        return order.compactMap { serial -> ReconciliationFinding? in
            guard let all = results[serial], all.count > 1 else { return nil }
            let statuses = all.map(\.status)
            let location = ReconciliationLocation(batch: all[0].batch, serialRange: serial)
            if statuses.contains(.good) && statuses.contains(.spoiled) {
                return ReconciliationFinding(.serialGoodAndSpoiled, at: location, expected: 1, actual: all.count,
                    message: "serial \(serial) is reported good and spoiled (batch \(all.map(\.batch).joined(separator: ", ")))")
            }
            return ReconciliationFinding(.serialDuplicate, at: location, expected: 1, actual: all.count,
                message: "serial \(serial) is reported \(all.count) times (\(statuses.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "every serial once"),
            .fails(clean.with { $0.production[1].serial = "CS000001" }, .serialGoodAndSpoiled, note: "the spoiled card carries a good serial"),
            .fails(clean.with { $0.production[6].serial = "AC000001" }, .serialDuplicate, note: "two good cards with one serial"),
        ]
    }
}
