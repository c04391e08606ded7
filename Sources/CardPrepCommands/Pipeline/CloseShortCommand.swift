import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep close-short PIPELINE DROP --customer-reference REF --reason TEXT --requester ID --approver ID`.
public struct CloseShortCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "close-short",
        abstract: "Close a drop's order short: the customer accepts the cards planned where records were rejected.",
        discussion: """
            For a drop whose rejected records the customer will not replace. Every order line planned short is \
            approved at the cards the job manifest planned; reconciliation then checks against the approved \
            quantities, so the drop can be reconciled and go to the vault. Allowed once the drop's jobs are issued and \
            before it is reconciled (otherwise exit 6); a drop with nothing short exits 64. The statement names the \
            customer's reference and every line; it is signed by a requester and an approver (by default with the role \
            supervisor). Run first without --statement to print it and how to sign it (exit 64).

            Example: cardprep close-short Pipelines/sample.yml 204e54c8aed0 --customer-reference "ticket 7781" \
            --reason "bank will not resend the 2 rejected records" --requester alice --approver frank
            """
    )

    @Argument(help: "The pipeline definition.") var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters) or customer/drop.") var drop: String
    @Option(help: "The customer's reference for accepting fewer cards (a ticket, a letter).") var customerReference: String
    @Option(help: "Why (part of the statement).") var reason: String
    @Option(help: "The person id who asks for it.") var requester: String?
    @Option(help: "The person id who approves it; another person.") var approver: String?
    @OptionGroup var signed: StatementOptions
    @Flag(help: "Print the closure, or the statement to sign, as JSON.") var json = false
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.") var wait = false

    public init() {}

    public func validate() throws {
        CommandFailure.json = json
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
    }

    public func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let record = try environment.drop(drop)
        let closing = ShortClosing(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        let (order, lines) = try failing { try closing.shortfalls(of: record) }
        let approval = try environment.twoPersonApproval(
            .orderCloseShort, what: "closing drop \(record.label) short", requester: requester, approver: approver, signed: signed,
            json: json, words: { words(record, people: $0) }
        ) { requester, approver in
            ShortClosing.request(
                drop: record, order: order, lines: lines, customerReference: customerReference, pipeline: environment.pipeline,
                requester: requester, approver: approver, reason: reason)
        }
        let closed = try failing { try closing.close(record, lines: lines, customerReference: customerReference, on: approval) }
        if json {
            struct Output: Encodable {
                var format = "cardprep-short-closure/1"
                var dropID: String
                var lines: [ShortClosureRecord]
            }
            return try printJSON(Output(dropID: record.id, lines: closed), format: .shortClosure)
        }
        print("closed \(record.label) short, signed by \(approval.duties):")
        lines.forEach { print("  line \($0.orderLine): \($0.words)") }
        print("the next run reconciles it against the approved quantities")
    }

    private func words(_ record: DropRecord, people: [String]) -> [String] {
        ["cardprep", "close-short", URL(fileURLWithPath: pipeline).standardizedFileURL.path, String(record.id.prefix(12)),
         "--customer-reference", customerReference, "--reason", reason, "--requester", people[0], "--approver", people[1]]
    }
}
