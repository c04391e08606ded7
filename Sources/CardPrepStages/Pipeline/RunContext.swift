import Foundation
import Logging

/// What a stage needs from the world, passed in one value so that runs over fixtures are repeatable:
/// the clock, who runs it and where, and the logger.
public struct RunContext: Sendable {
    /// The current time; fixed in tests.
    public var now: @Sendable () -> Date
    /// The user the run acts as, for custody records.
    public var actor: String
    /// The machine the run is on, for custody records.
    public var host: String
    /// Where the stage logs; never given card data.
    public var logger: Logger
    /// When true, stages report what they would do and change nothing.
    public var dryRun: Bool

    /// Creates a context.
    public init(now: @escaping @Sendable () -> Date, actor: String, host: String, logger: Logger, dryRun: Bool = false) {
        self.now = now; self.actor = actor; self.host = host; self.logger = logger; self.dryRun = dryRun
    }

    /// The context of a real run: the system clock, the process's user and host name.
    public static func live(logger: Logger, dryRun: Bool = false) -> RunContext {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"] ?? String(getuid())
        return RunContext(now: { Date() }, actor: user, host: ProcessInfo.processInfo.hostName, logger: logger, dryRun: dryRun)
    }
}
