import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation
import Logging

/// `cardprep complaint`: the register of customers' complaints.
struct ComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Register customers' complaints, add notes, close them on the handler's signed statement, and report.",
        discussion: """
            A complaint is opened with the customer, when it was received, what they say and what it is about (cards \
            by serial, lots, shipments, orders, drops); it gets an id such as CMP-2026-0001, numbered from 1 each year. \
            Opening it and adding notes are recorded as system (they decide nothing and name no one); closing it is \
            signed by its handler (complaint.close, by default a person of the customer-service department), who \
            answers for the cause, the department responsible, the remedy and the reply to the customer. A closed \
            complaint is final.

            Example: cardprep complaint list Pipelines/sample.yml --open
            """,
        subcommands: [
            ComplaintOpenCommand.self, ComplaintNoteCommand.self, ComplaintCloseCommand.self, ComplaintListCommand.self,
            ComplaintShowCommand.self, ComplaintReportCommand.self,
        ]
    )
}

/// The options every complaint command shares: the pipeline (for its ledger) and `--json`.
struct ComplaintOptions: ParsableArguments {
    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws { CommandFailure.json = json }

    /// The pipeline, its ledger and a live context, or a usage or failure exit. A command that only reads does not
    /// create the output folder or the ledger (it reads an empty one when there is none yet).
    func load(writing: Bool) throws -> (PipelineDefinition, Ledger, RunContext) {
        CommandFailure.json = json
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        LogSetup.bootstrap(jsonLinesFile: nil, level: .warning)
        let ledger = try failing {
            if writing { try definition.prepareOutput() }
            return try definition.openLedger(readOnly: !writing)
        }
        return (definition, ledger, RunContext.live(logger: Logger(label: "cardprep")))
    }

    /// The register in `definition`'s ledger.
    func register(_ definition: PipelineDefinition, _ ledger: Ledger, _ context: RunContext) -> ComplaintRegister {
        ComplaintRegister(pipeline: definition, ledger: ledger, context: context)
    }
}

extension ComplaintCause: ExpressibleByArgument {}
extension ComplaintRemedy: ExpressibleByArgument {}
extension Department: ExpressibleByArgument {}

/// Reads a time given on the command line: ISO 8601 (`2026-11-03T09:30:00Z`), or a day (`2026-11-03`, midnight UTC).
func complaintTime(_ text: String, option: String) throws -> Date {
    if let time = try? Date(text, strategy: .iso8601) { return time }
    if text.count == 10, let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return day }
    throw CommandFailure.report("\(option) '\(text)' is not an ISO 8601 time such as 2026-11-03T09:30:00Z", code: .usage)
}
