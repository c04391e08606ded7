import Foundation

/// A spoiled card waiting for destruction: not named by any destruction record.
public struct PendingDestruction: Sendable, Equatable, Codable {
    public var serial: String
    public var batch: String
    /// When the card was spoiled.
    public var spoiled: Date
    /// Whole days since it was spoiled.
    public var ageDays: Int

    /// The spoiled cards of `input` no destruction record names, oldest first.
    public static func all(in input: ReconciliationInput) -> [PendingDestruction] {
        input.production.filter { result in
            result.status == .spoiled && !input.destructions.contains { $0.covers(result.serial) }
        }.map { PendingDestruction(serial: $0.serial, batch: $0.batch, spoiled: $0.time,
                                   ageDays: max(0, Int(input.now.timeIntervalSince($0.time) / 86_400))) }
        .sorted { ($0.spoiled, $0.serial) < ($1.spoiled, $1.serial) }
    }
}

/// Every spoiled card is destroyed under a record or pending destruction for no longer than allowed.
/// (Cards named by a record without valid witnesses are reported once, by `destruction-witnesses`.)
public struct PendingDestructionRule: ReconciliationRule {
    public let id = "destruction-overdue"
    public let summary = "every spoiled card is destroyed or waits no longer than the allowed days"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        PendingDestruction.all(in: input).filter { $0.ageDays > input.maxPendingDays }.map { pending in
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
            .passes(clean.with { $0.destructions = [] }, "the spoiled card waits 7 days"),
            .fails(clean.with { $0.destructions = []; $0.now = ReconciliationExamples.time("2026-12-20T00:00:00Z") }, .destructionOverdue,
                   note: "the spoiled card has waited 46 days"),
        ]
    }
}
