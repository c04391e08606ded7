import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep remake PIPELINE DROP --serial S [--serial S …] --reason TEXT --requester ID --approver ID
/// [--opener ID --witness ID [--share FILE …]]`.
public struct RemakeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "remake",
        abstract: "Remake cards spoiled on the floor: a remake job for the same cards, from the drop's working copy or its vault bundle.",
        discussion: """
            For cards the floor reported spoiled in production.csv. Writes one remake job per original job \
            (<job>-R01, <job>-R02, …) into the machine's outbox, encrypted to the station like every job. The floor \
            reports the remade cards under the remake job; reconciliation puts them at the logical card's place, so \
            the spoiled card and its remake are attempts at one card: the spoiled one must be destroyed \
            (cardprep stock destroy), the good one counts once. Allowed while the drop is in production or in \
            discrepancy, from its working copy, and once it is archived, from its vault bundle (otherwise exit 6). A \
            serial that is not spoiled, unknown, made good or remade already exits 64. The statement names every card \
            (masked) and its place; it is signed by a requester of the production department and an approver with the \
            role supervisor. For an archived drop the statement names the bundle too, and the vault's opener and \
            witness (--opener, --witness: two more people, of security) sign it as well; the bundle is decrypted with \
            the vault key, or with M --share options where the key is kept as custodians' shares, into memory and a \
            private temporary folder removed afterwards. cardprep run then takes the floor's report of the remade card \
            (cardprep status shows the remake waiting for it). Run first without --statement to print the statement and \
            how to sign it (exit 64).

            Example: cardprep remake Pipelines/sample.yml 204e54c8aed0 --serial CS00000007 \
            --reason "chip encoding failed, card bent" --requester erin --approver frank

            Archived: cardprep remake Pipelines/sample.yml 204e54c8aed0 --serial CS00000007 \
            --reason "card lost in the post" --requester erin --approver frank --opener alice --witness bob
            """
    )

    @Argument(help: "The pipeline definition.") var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters) or customer/drop.") var drop: String
    @Option(help: "A serial the floor reported spoiled; repeat for several cards.") var serial: [String] = []
    @Option(help: "Why (part of the statement).") var reason: String
    @Option(help: "The person id who asks for it (production).") var requester: String?
    @Option(help: "The person id who approves it; another person (supervisor).") var approver: String?
    @Option(help: "For an archived drop: the person id who opens its vault bundle (security).") var opener: String?
    @Option(help: "For an archived drop: the person id who witnesses the opening; another person (security).") var witness: String?
    @OptionGroup var keyShares: VaultKeyShareOptions
    @OptionGroup var signed: StatementOptions
    @Flag(help: "Print the remade cards, or the statement to sign, as JSON.") var json = false
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.") var wait = false

    public init() {}

    public func validate() throws {
        CommandFailure.json = json
        if serial.isEmpty { throw ValidationError("name at least one spoiled card with --serial") }
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
        if let opener, opener == witness { throw ValidationError("the opener and the witness must be different people") }
    }

    public func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let record = try environment.drop(drop)
        let remaking = CardRemaking(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        let cards = try failing { try remaking.spoiledCards(serials: serial, of: record) }
        if record.state == .archived {
            return try report(try remakeFromVault(record, cards: cards, environment: environment, remaking: remaking), of: record)
        }
        if opener != nil || witness != nil || !keyShares.shares.isEmpty {
            throw CommandFailure.report(
                "drop \(record.label) is \(record.state.words): its cards are remade from its working copy; --opener, --witness and "
                    + "--share are for an archived drop, whose vault bundle is opened", code: .usage)
        }
        let approval = try environment.twoPersonApproval(
            .cardsRemake, what: "remaking cards of drop \(record.label)", requester: requester, approver: approver, signed: signed,
            json: json, words: { words(record, people: $0) }
        ) { requester, approver in
            CardRemaking.request(
                drop: record, cards: cards, pipeline: environment.pipeline, requester: requester, approver: approver, reason: reason)
        }
        try report((try failing { try remaking.remake(record, cards: cards, on: approval) }, approval), of: record)
    }

    private func report(_ outcome: (remade: [CardRemakeRecord], approval: VerifiedStatement), of record: DropRecord) throws {
        let (remade, approval) = outcome
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
        var words = ["cardprep", "remake", URL(fileURLWithPath: pipeline).standardizedFileURL.path, String(record.id.prefix(12))]
            + serial.flatMap { ["--serial", $0] } + ["--reason", reason, "--requester", people[0], "--approver", people[1]]
        if people.count == 4 { words += ["--opener", people[2], "--witness", people[3]] }
        return words + keyShares.shares.flatMap { ["--share", absolutePath($0)] }
    }

    /// An archived drop's cards, from its bundle, on one statement the requester, approver, opener and witness sign.
    private func remakeFromVault(
        _ record: DropRecord, cards: [CardRemaking.SpoiledCard], environment: CommandEnvironment, remaking: CardRemaking
    ) throws -> ([CardRemakeRecord], VerifiedStatement) {
        let bundle = try failing { try remaking.bundle(of: record) }
        let settings: ArchiveSettings
        do { settings = try ArchiveSettings.resolved(for: environment.pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        let dualControl: DualControl
        do { dualControl = try DualControl(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context) } catch {
            throw CommandFailure.report(error)
        }
        let what = "remaking cards of archived drop \(record.label) from bundle \(bundle.id)"
        guard let requester, let approver, let opener, let witness else {
            let rule = environment.pipeline.dualControl.rule(for: .cardsRemake)
                .joined(with: environment.pipeline.dualControl.rule(for: .vaultOpen))
            throw CommandFailure.report(
                WhoSigns.message(
                    what, rule: rule, register: dualControl.register, peopleFolder: environment.pipeline.peopleFolder,
                    who: "the person who asks for it, another who approves it, and the two people who open the vault bundle",
                    command: { words(record, people: $0) }),
                code: .usage)
        }
        let request = CardRemaking.vaultRequest(
            drop: record, cards: cards, bundle: bundle, pipeline: environment.pipeline, requester: requester, approver: approver,
            opener: opener, witness: witness, reason: reason)
        let approval = try signed.approval(
            for: request, dualControl: dualControl, rerun: words(record, people: [requester, approver, opener, witness]), json: json)
        var vault = Vault(settings: settings, ledger: environment.ledger, context: environment.context)
        vault.recombinedKey = try keyShares.recombinedKey(settings: settings)
        do {
            return (try remaking.remakeFromVault(record, cards: cards, on: approval, vault: vault), approval)
        } catch let error as VaultError {
            if case .refused = error { throw CommandFailure.report("\(error)", code: .verificationFailed) }
            throw CommandFailure.report("\(error)", code: .failure)
        } catch {
            throw CommandFailure.report(error)
        }
    }
}
