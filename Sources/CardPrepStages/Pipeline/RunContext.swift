import Foundation
import Logging

/// What a stage needs from the world, passed in one value so that runs over fixtures are repeatable:
/// the clock, who runs it and where, and the logger.
public struct RunContext: Sendable {
    /// The current time; fixed in tests.
    public var now: @Sendable () -> Date
    /// Who acts: "system" for the pipeline run; a verified person for actions that need one. Never a name taken
    /// from the environment.
    public var actor: String
    /// The machine the run is on, for custody records.
    public var host: String
    /// Where the stage logs; never given card data.
    public var logger: Logger
    /// When true, stages report what they would do and change nothing.
    public var dryRun: Bool
    /// Where stages report the cards they have done of a drop while they work on it (for a progress line); nil for
    /// none.
    public var cardProgress: (any CardProgressReporting)?

    /// Creates a context.
    public init(now: @escaping @Sendable () -> Date, actor: String, host: String, logger: Logger, dryRun: Bool = false) {
        self.now = now; self.actor = actor; self.host = host; self.logger = logger; self.dryRun = dryRun
    }

    /// The actor of everything the pipeline does unattended.
    public static let systemActor = "system"

    /// The context of a real run: the system clock, the "system" actor and the host name.
    public static func live(logger: Logger, dryRun: Bool = false) -> RunContext {
        RunContext(now: { Date() }, actor: systemActor, host: WorkerHost.name, logger: logger, dryRun: dryRun)
    }
}

/// Where a stage reports its progress through a drop's cards: `done` records of `total` (the order's quantity, as
/// expected before the file is read to its end).
public protocol CardProgressReporting: Sendable {
    /// Reports that `stage` has done `done` cards of the drop `drop` (its label), of about `total`.
    func cards(_ done: Int, of total: Int, stage: PipelineDefinition.Stage, drop: String)
}
