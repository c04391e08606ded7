import CardPrepCore
import CardPrepLedger
import Foundation

/// A stage that works on registered drops: which states it takes them in, and what it does with one.
///
/// A stage writes its outputs under temporary names, renames them, and records the transition it concludes last,
/// in the same ledger transaction as its other records, so a kill leaves nothing a re-run would take for done.
/// It throws for anything that stops the drop; `StageRunner` then records the drop as failed with the stage, the
/// error and the fix, and goes on with the other drops (or, for a failure of the machine, stops the run).
protocol Stage {
    /// What one drop's step yields for the run's report.
    associatedtype Result
    /// The pipeline stage this is.
    var name: PipelineDefinition.Stage { get }
    /// The states the stage takes drops in.
    var takes: Set<DropState> { get }
    /// Whether a drop in one of those states has something for the stage now (default: yes).
    func isDue(_ drop: DropRecord) throws -> Bool
    /// Loads what every drop needs (keys, schemas), once, before the first due drop. An error here stops the run:
    /// it is the bureau's, not a drop's.
    mutating func prepare() throws
    /// Does the stage's work on one drop.
    func run(_ drop: DropRecord) throws -> StepOutcome<Result>
}

extension Stage {
    func isDue(_ drop: DropRecord) throws -> Bool { true }
    mutating func prepare() throws {}
}

/// What a stage did with one drop.
enum StepOutcome<Result> {
    /// The drop moved on (its transition is recorded) and the stage produced `Result`.
    case moved(DropState, Result)
    /// Nothing to do for the drop yet; the reason says what it waits for.
    case waiting(String)
}

/// The drops one stage handled in a run.
struct StageResults<Result> {
    /// What each drop that moved on produced.
    var results: [(drop: DropRecord, state: DropState, result: Result)] = []
    /// Drops that waited, with what for.
    var waiting: [(drop: DropRecord, reason: String)] = []
    /// Drops that would be taken (dry run).
    var planned: [DropRecord] = []
    /// Drops that failed in this run.
    var failed: [FailedDrop] = []
    /// What was published for customers after the drops moved on.
    var published: [CustomerOutbox.Publication] = []
    /// Drops another live worker holds for this stage, skipped.
    var heldElsewhere: [(drop: DropRecord, holder: DropClaimHolder)] = []
    /// Drops whose claim was lost while the stage worked on them: nothing was recorded, the new holder finishes them.
    var refused: [(drop: DropRecord, lost: DropClaimLost)] = []

    /// Adds what one drop's step gave.
    mutating func merge(_ other: StageResults<Result>) {
        results += other.results; waiting += other.waiting; planned += other.planned; failed += other.failed
        published += other.published; heldElsewhere += other.heldElsewhere; refused += other.refused
    }
}

/// A drop that failed in a stage.
public struct FailedDrop: Sendable, Equatable {
    public var drop: DropRecord
    public var failure: DropFailureDetail
}
