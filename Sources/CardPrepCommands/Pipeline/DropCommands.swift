import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// The options of a decision on one drop: the pipeline, the drop, the reason, `--json`.
struct DropDecisionOptions: ParsableArguments {
    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters are enough) or customer/drop, as `cardprep status` lists it.")
    var drop: String
    @Option(help: "Why (recorded in the drop's history and the audit log).")
    var reason: String
    @Flag(help: "Print the drop's new state as JSON.")
    var json = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws { CommandFailure.json = json }
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.")
    var wait = false

    /// Applies `decision` to the drop under the pipeline lock and prints where it stands now.
    func decide(_ verb: String, _ decision: (DropDecisions, DropRecord) throws -> DropRecord) throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let record = try environment.drop(drop)
        let decisions = DropDecisions(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        let after: DropRecord
        do { after = try decision(decisions, record) } catch { throw CommandFailure.report(error) }
        if json {
            try printJSON(DropStateJSON(format: "cardprep-drop-state/1", dropID: after.id, customer: after.customer, drop: after.name,
                                        state: after.state, was: record.state))
        } else {
            print("\(verb) \(after.label): \(record.state.words) → \(after.state.words)")
            if record.state == .quarantined { print("it is back in the inbox; the next run takes it") }
        }
    }

    struct DropStateJSON: Encodable {
        var format: String
        var dropID: String
        var customer: String
        var drop: String
        var state: DropState
        var was: DropState
    }
}

/// `cardprep retry PIPELINE DROP --reason TEXT`.
public struct RetryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Take a failed drop on again, or put a quarantined drop back into the inbox, once the cause is fixed.",
        discussion: """
            A failed drop returns to the state it failed in, and the next run runs the failed stage again. A quarantined \
            drop's folder goes back to the inbox and the next run takes it again. Any other state is refused (exit 6) \
            with what the drop needs first. The retry is recorded in the drop's history with why.

            Examples: cardprep retry Pipelines/sample.yml 204e54c8aed0 --reason "machine profile for VISA-CL added"
                      cardprep retry Pipelines/sample.yml cust-02/drop-20261101-02 --reason "customer re-sent the key"
            """
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide("retried") { try $0.retry($1, reason: options.reason) } }
}

/// `cardprep hold PIPELINE DROP --reason TEXT`.
public struct HoldCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Stop a drop until a person releases it (the customer asked to wait, a question is open).",
        discussion: "Example: cardprep hold Pipelines/sample.yml 204e54c8aed0 --reason \"customer asked to stop the order\""
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide("held") { try $0.hold($1, reason: options.reason) } }
}

/// `cardprep release PIPELINE DROP --reason TEXT`.
public struct ReleaseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Take a held drop on from where it was held.",
        discussion: "Example: cardprep release Pipelines/sample.yml 204e54c8aed0 --reason \"customer confirmed the order\""
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide("released") { try $0.release($1, reason: options.reason) } }
}

/// `cardprep withdraw PIPELINE DROP --reason TEXT`.
public struct WithdrawCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Close a quarantined drop for good (a corrected delivery replaced it, or the customer cancelled it).",
        discussion: "Example: cardprep withdraw Pipelines/sample.yml cust-02/drop-20261101-02 --reason \"replaced by drop-20261102-01\""
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide("withdrew") { try $0.withdraw($1, reason: options.reason) } }
}
