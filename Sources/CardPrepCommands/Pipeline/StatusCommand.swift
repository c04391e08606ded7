import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep status PIPELINE`: where every drop stands.
public struct StatusCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where every drop stands: its state, what a failed or held drop needs, job files still out.",
        discussion: """
            States: received, ingested, validated, rejected, jobs-issued, in-production, reconciled, discrepancy, \
            inspected, archived; and quarantined, failed (with the stage, the error and the fix), on-hold (waiting for \
            a person), withdrawn. Reads the ledger and the inbox; changes nothing and takes no lock.

            Example: cardprep status Pipelines/sample.yml --json
            """
    )

    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Flag(help: "Print the status as JSON.")
    var json = false

    public init() {}

    public func run() throws {
        CommandFailure.json = json
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        let status: PipelineStatus
        do { status = try PipelineStatus.collect(pipeline: definition, now: Date()) } catch { throw CommandFailure.report(error) }
        if json { try printJSON(StatusJSON(format: JSONFormat.status.identifier, status: status), format: .status) } else { print(status.text) }
    }

    struct StatusJSON: Encodable {
        var format: String
        var status: PipelineStatus

        func encode(to encoder: any Encoder) throws {
            try status.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(format, forKey: .format)
        }

        enum Key: String, CodingKey { case format }
    }
}

/// `cardprep history PIPELINE DROP`: every state a drop went through, and its audit events.
public struct HistoryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a drop's history: every state change (from, to, when, who, why) and its audit events.",
        discussion: "Example: cardprep history Pipelines/sample.yml cust-01/drop-20261101-01"
    )

    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters are enough) or customer/drop.")
    var drop: String
    @Flag(help: "Print the history as JSON.")
    var json = false

    public init() {}

    struct HistoryJSON: Encodable {
        struct Transition: Encodable {
            var at: Date, action: String?, from: DropState?, to: DropState, actor: String, host: String, reason: String
        }

        struct Event: Encodable {
            var seq: Int64, at: String, event: String, actor: String, details: String
        }

        var format = "cardprep-drop-history/1"
        var dropID: String, customer: String, drop: String, state: DropState
        var failure: DropFailureDetail?
        var transitions: [Transition]
        var events: [Event]
    }

    public func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: false, json: json)
        let record = try environment.drop(drop)
        let (transitions, events) = try failing {
            (try environment.ledger.transitions(of: record.id), try environment.ledger.auditEntries(dropID: record.id))
        }
        if json {
            return try printJSON(HistoryJSON(
                dropID: record.id, customer: record.customer, drop: record.name, state: record.state, failure: record.failure,
                transitions: transitions.map {
                    .init(at: $0.at, action: $0.action?.rawValue, from: $0.fromState, to: $0.toState, actor: $0.actor, host: $0.host,
                          reason: $0.reason)
                },
                events: events.map { .init(seq: $0.seq, at: $0.at, event: $0.event, actor: $0.actor, details: $0.details) }),
                format: .dropHistory)
        }
        print("\(record.label): \(record.state.words)")
        if let failure = record.failure { print("  failed at \(failure.stage): \(failure.error)\n  fix: \(failure.fix)") }
        print("states:")
        for row in transitions {
            print("  \(Timestamp.iso8601(row.at))  \(row.fromState?.words ?? "-") → \(row.toState.words)  by \(row.actor)  \(row.reason)")
        }
        print("events:")
        for entry in events {
            print("  \(entry.seq)  \(entry.at)  \(entry.event)  by \(entry.actor)  \(entry.details.replacingOccurrences(of: "\n", with: " "))")
        }
    }
}
