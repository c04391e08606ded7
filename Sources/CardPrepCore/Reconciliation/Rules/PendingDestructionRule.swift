import Foundation

/// A spoiled card waiting for destruction: not named by any signed destruction.
public struct PendingDestruction: Sendable, Equatable, Codable {
    public var serial: String
    public var batch: String
    /// When the card was spoiled.
    public var spoiled: Date
    /// Whole days since it was spoiled.
    public var ageDays: Int

    /// The spoiled cards of `input` no signed destruction names, oldest first. A row of `destruction.csv` alone does
    /// not destroy a card; a signed destruction does, with or without a row.
    public static func all(in input: ReconciliationInput) -> [PendingDestruction] {
        let signed = input.signedDestructionsInForce
        return input.production.filter { result in
            result.status == .spoiled && !signed.contains { $0.covers(result.serial) }
        }.map { PendingDestruction(serial: $0.serial, batch: $0.batch, spoiled: $0.time,
                                   ageDays: max(0, Int(input.now.timeIntervalSince($0.time) / 86_400))) }
        .sorted { ($0.spoiled, $0.serial) < ($1.spoiled, $1.serial) }
    }
}

/// Every spoiled card is destroyed under a signed record or pending destruction for no longer than allowed.
/// (Cards named by a signed record without valid witnesses are reported once, by `destruction-witnesses`; cards named
/// only by a row of `destruction.csv` that nobody signed are reported once, by `destruction-unsigned`.)
public struct PendingDestructionRule: ReconciliationRule {
    public let id = "destruction-overdue"
    public let summary = "every spoiled card is destroyed or waits no longer than the allowed days"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        let reported = input.destructions
        return PendingDestruction.all(in: input).filter { pending in
            pending.ageDays > input.maxPendingDays && !reported.contains { $0.covers(pending.serial) }
        }.map { pending in
            ReconciliationFinding(
                .destructionOverdue, at: .init(batch: pending.batch, serialRange: pending.serial),
                expected: input.maxPendingDays, actual: pending.ageDays,
                message: "spoiled card \(pending.serial) has waited \(pending.ageDays) days for destruction "
                    + "(at most \(input.maxPendingDays))")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "the spoiled card is destroyed"),
            .passes(clean.with { $0.destructions = []; $0.signedDestructions = [] }, "the spoiled card waits 7 days"),
            .passes(clean.with { $0.destructions = []; $0.now = ReconciliationExamples.time("2026-12-20T00:00:00Z") },
                    "destroyed under a signed record the floor's file does not list"),
            .fails(clean.with { $0.destructions = []; $0.signedDestructions = []; $0.now = ReconciliationExamples.time("2026-12-20T00:00:00Z") },
                   .destructionOverdue, note: "the spoiled card has waited 46 days"),
        ]
    }
}
