import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep qa dispose PIPELINE --lot ID --disposition D --reason TEXT --requester ID --approver ID`.
public struct QADisposeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dispose",
        abstract: "Record what becomes of a lot that was not accepted, on a statement two people sign.",
        discussion: """
            A lot not accepted holds its drop: it is not inspected, archived or delivered until the lot has a \
            disposition. returned: the lot goes back to production, its cards are destroyed and remade. screened: \
            every card of the lot was inspected and the nonconforming ones removed, and the lot is resubmitted. \
            concession: the customer accepts the lot as it is (their reference is required, --customer-reference). \
            The statement names the lot, its decision and the disposition; it is asked for by a person with the role \
            qa-inspector and approved by another with the role supervisor (the pipeline's qa.dispose rule). Once every \
            lot of the drop not accepted has a disposition the drop is released, and the next run writes its \
            acceptance reports, each with its lot's disposition. Run first without --statement to print the statement \
            and how to sign it (exit 64).

            Examples: cardprep qa dispose Pipelines/sample.yml --lot LOT-204e54c8-B001 --disposition screened \
            --reason "screened 100 %, 3 cards removed" --requester carol --approver frank
                      cardprep qa dispose Pipelines/sample.yml --lot LOT-204e54c8-B001 --disposition concession \
            --customer-reference "letter 2026-118" --reason "bank accepts the colour shift" --requester carol --approver frank
            """
    )

    @Argument(help: "The pipeline definition.") var pipeline: String
    @Option(help: "The lot not accepted.") var lot: String
    @Option(help: "returned, screened or concession.") var disposition: LotDisposition
    @Option(help: "The customer's reference, required for a concession.") var customerReference: String?
    @Option(help: "Why (part of the statement).") var reason: String
    @Option(help: "The person id who asks for it (a QA inspector).") var requester: String?
    @Option(help: "The person id who approves it; another person.") var approver: String?
    @OptionGroup var signed: StatementOptions
    @Flag(help: "Print the disposition, or the statement to sign, as JSON.") var json = false
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.") var wait = false

    public init() {}

    public func validate() throws {
        CommandFailure.json = json
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
        if disposition.needsCustomerReference, customerReference?.isEmpty ?? true {
            throw ValidationError("a concession is the customer's: give their reference with --customer-reference")
        }
    }

    public func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let disposal = LotDisposal(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        let candidate = try failing { try disposal.candidate(lot) }
        let approval = try environment.twoPersonApproval(
            .qaDispose, what: "the disposition of lot \(lot)", requester: requester, approver: approver, signed: signed, json: json,
            words: { words(people: $0) }
        ) { requester, approver in
            LotDisposal.request(
                candidate, disposition: disposition, customerReference: customerReference, pipeline: environment.pipeline,
                requester: requester, approver: approver, reason: reason)
        }
        let (record, released) = try failing {
            try disposal.dispose(candidate, disposition: disposition, customerReference: customerReference, reason: reason, on: approval)
        }
        if json {
            struct Output: Encodable {
                var format = "cardprep-lot-disposition/1"
                var disposition: LotDispositionRecord
                var dropReleased: Bool
            }
            return try printJSON(Output(disposition: record, dropReleased: released), format: .lotDisposition)
        }
        print("lot \(lot): \(disposition.words), signed by \(approval.duties)")
        if released {
            print("drop \(candidate.drop.label) released: the next run writes its acceptance reports and takes it on")
        } else if candidate.drop.state == .onHold {
            print("drop \(candidate.drop.label) stays on hold until every lot of it not accepted has a disposition")
        }
    }

    private func words(people: [String]) -> [String] {
        var words = ["cardprep", "qa", "dispose", URL(fileURLWithPath: pipeline).standardizedFileURL.path, "--lot", lot,
                     "--disposition", disposition.rawValue]
        if let customerReference { words += ["--customer-reference", customerReference] }
        return words + ["--reason", reason, "--requester", people[0], "--approver", people[1]]
    }
}

extension LotDisposition: ExpressibleByArgument {}
