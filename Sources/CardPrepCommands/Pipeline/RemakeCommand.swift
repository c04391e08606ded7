import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep remake PIPELINE DROP --serial S [--serial S …] --reason TEXT --requester ID --approver ID`.
public struct RemakeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "remake",
        abstract: "Remake cards spoiled on the floor: a remake job for the same cards, from the drop's working copy.",
        discussion: """
            For cards the floor reported spoiled in production.csv. Writes one remake job per original job \
            (<job>-R01, <job>-R02, …) into the machine's outbox, encrypted to the station like every job. The floor \
            reports the remade cards under the remake job; reconciliation puts them at the logical card's place, so \
            the spoiled card and its remake are attempts at one card: the spoiled one must be destroyed \
            (cardprep stock destroy), the good one counts once. Allowed while the drop is in production or in \
            discrepancy (otherwise exit 6); an archived drop's card data is only in the vault, which remake does not \
            open (exit 6). A serial that is not spoiled, unknown, made good or remade already exits 64. The statement \
            names every card (masked) and its place; it is signed by a requester of the production department and an \
            approver with the role supervisor. Run first without --statement to print it and how to sign it (exit 64).

            Example: cardprep remake Pipelines/sample.yml 204e54c8aed0 --serial CS00000007 \
            --reason "chip encoding failed, card bent" --requester erin --approver frank
            """
    )

    @Argument(help: "The pipeline definition.") var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters) or customer/drop.") var drop: String
    @Option(help: "A serial the floor reported spoiled; repeat for several cards.") var serial: [String] = []
    @Option(help: "Why (part of the statement).") var reason: String
    @Option(help: "The person id who asks for it (production).") var requester: String?
    @Option(help: "The person id who approves it; another person (supervisor).") var approver: String?
    @OptionGroup var signed: StatementOptions
    @Flag(help: "Print the remade cards, or the statement to sign, as JSON.") var json = false
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.") var wait = false

    public init() {}

    public func validate() throws {
        CommandFailure.json = json
        if serial.isEmpty { throw ValidationError("name at least one spoiled card with --serial") }
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
    }

    public func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let record = try environment.drop(drop)
        let remaking = CardRemaking(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        let cards = try failing { try remaking.spoiledCards(serials: serial, of: record) }
        let approval = try environment.twoPersonApproval(
            .cardsRemake, what: "remaking cards of drop \(record.label)", requester: requester, approver: approver, signed: signed,
            json: json, words: { words(record, people: $0) }
        ) { requester, approver in
            CardRemaking.request(
                drop: record, cards: cards, pipeline: environment.pipeline, requester: requester, approver: approver, reason: reason)
        }
        let remade = try failing { try remaking.remake(record, cards: cards, on: approval) }
        if json {
            struct Output: Encodable {
                var format = "cardprep-remake/1"
                var dropID: String
                var cards: [CardRemakeRecord]
            }
            return try printJSON(Output(dropID: record.id, cards: remade), format: .remake)
        }
        print("remade \(remade.count) card(s) of \(record.label), signed by \(approval.duties):")
        for card in remade {
            print("  \(card.spoiledSerial) → job \(card.remakeJob) batch \(card.remakeBatch) position \(card.remakeSequence) "
                + "(for \(card.job) position \(card.sequence))")
        }
        print("the spoiled cards are due for destruction; the floor reports the remade cards under their remake jobs")
    }

    private func words(_ record: DropRecord, people: [String]) -> [String] {
        ["cardprep", "remake", URL(fileURLWithPath: pipeline).standardizedFileURL.path, String(record.id.prefix(12))]
            + serial.flatMap { ["--serial", $0] } + ["--reason", reason, "--requester", people[0], "--approver", people[1]]
    }
}
