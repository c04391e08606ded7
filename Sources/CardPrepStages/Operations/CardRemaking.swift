import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// Remaking cards spoiled on the floor: for spoiled serials of a drop (as the floor's `production.csv` reported them
/// and reconcile recorded them), a remake job per original job, written from the drop's working copy (or, once the drop
/// is archived, from its vault bundle: `CardRemaking+Vault.swift`) in the machine's layout and encrypted to the station,
/// on a statement a requester (production) and an approver (supervisor) sign.
/// The ledger ties each remade card to its logical card's place, so that reconciliation counts one logical card with
/// its physical attempts: the spoiled ones due for destruction, the good one once.
public struct CardRemaking {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Prepares remakes in `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// The states a drop's cards can be remade in from its working copy: its production is reported and it is not
    /// reconciled yet. An archived drop's cards are remade from its vault bundle (`remakeFromVault`).
    public static let states: Set<DropState> = [.inProduction, .discrepancy]

    /// A spoiled card to remake: its serial, its logical card's place and record, its number masked.
    public struct SpoiledCard: Sendable, Equatable, Encodable {
        public var serial: String
        public var job: String
        public var batch: String
        public var sequence: Int
        public var record: Int
        public var masked: String
        public var product: String
        public var branch: String

        /// `CS00000007: 411111******1111 DEBIT for BR01, spoiled at job …-J01 batch …-B001 position 7 (record 7)`.
        public var words: String {
            "\(masked) \(product) for \(branch), spoiled at job \(job) batch \(batch) position \(sequence) (record \(record))"
        }
    }

    /// The spoiled cards `serials` name in `drop`.
    /// - Throws: `CardRemakeError` for a drop neither in production nor archived, a serial the drop's production
    ///   does not report, one not spoiled, one whose place has a good card already or that was remade before.
    public func spoiledCards(serials: [String], of drop: DropRecord) throws -> [SpoiledCard] {
        guard Self.states.contains(drop.state) || drop.state == .archived else {
            throw CardRemakeError.notInState(drop: drop.label, state: drop.state)
        }
        let remade = Dictionary(try ledger.cardRemakes(dropID: drop.id).map { ($0.spoiledSerial, $0.remakeJob) }) { first, _ in first }
        var cards: [SpoiledCard] = []
        for serial in serials where !cards.contains(where: { $0.serial == serial }) {
            guard let row = try ledger.productionLines(serial: serial).last(where: { $0.dropID == drop.id })?.result else {
                throw CardRemakeError.unknownSerial(serial: serial, drop: drop.label)
            }
            guard row.status == .spoiled else { throw CardRemakeError.notSpoiled(serial: serial, status: row.status.rawValue) }
            if let job = remade[serial] { throw CardRemakeError.alreadyRemade(serial: serial, job: job) }
            let place = try ledger.productionLines(dropID: drop.id, job: row.job, sequence: row.sequence)
            if let good = place.first(where: { $0.result.status == .good }) {
                throw CardRemakeError.madeGood(serial: serial, good: good.result.serial)
            }
            guard let trace = try ledger.cardTraces(dropID: drop.id, job: row.job, sequence: row.sequence).first else {
                throw CardRemakeError.unknownSerial(serial: serial, drop: drop.label)
            }
            cards.append(SpoiledCard(serial: serial, job: row.job, batch: row.batch, sequence: row.sequence, record: trace.record,
                                     masked: trace.masked, product: trace.product, branch: trace.branch))
        }
        return cards
    }

    /// What the people sign: the drop and every spoiled card (`card-1`, `card-2`, …) by serial, masked, with its logical
    /// card's place.
    public static func request(
        drop: DropRecord, cards: [SpoiledCard], pipeline: PipelineDefinition, requester: String, approver: String, reason: String
    ) -> StatementRequest {
        var fields = [Statement.Field("requester", requester), .init("approver", approver), .init("customer", drop.customer),
                      .init("drop", drop.name)]
        fields += cards.enumerated().map { Statement.Field("card-\($0.offset + 1)", "\($0.element.serial): \($0.element.words)") }
        return StatementRequest(
            action: .cardsRemake, subject: DropDecisions.subject(of: drop), pipeline: pipeline.name, fields: fields, reason: reason)
    }

    /// Writes the remake jobs of `cards` into the stations' outbox and records them, with their job files, the
    /// statement and a `cards.remade` event.
    /// - Throws: `CardRemakeError.statementForAnotherDrop`, `.archived` (its cards are remade with `remakeFromVault`) or
    ///   `.noWorkingCopy`; configuration, I/O, encryption and ledger errors. Nothing is recorded on any error, and job
    ///   files written before a ledger error are removed.
    public func remake(_ drop: DropRecord, cards: [SpoiledCard], on approval: VerifiedStatement) throws -> [CardRemakeRecord] {
        try expect(approval, for: drop)
        if drop.state == .archived { throw CardRemakeError.archived(drop: drop.label) }
        let now = context.now()
        let made = try make(drop, cards: cards, from: try RemakeCardSource.workingCopy(of: drop, pipeline: pipeline), on: approval, at: now)
        do {
            try ledger.recordRemakes(made.records, jobFiles: made.files, statement: approval.record(at: now), event: made.event, at: now)
        } catch {
            for file in made.files { try? FileManager.default.removeItem(atPath: file.path) }
            throw error
        }
        return made.records
    }

    /// Refuses a statement that is not a `cards.remake` of `drop`.
    func expect(_ approval: VerifiedStatement, for drop: DropRecord) throws {
        guard approval.statement.action == ControlledAction.cardsRemake.rawValue, approval.statement.subject == DropDecisions.subject(of: drop)
        else { throw CardRemakeError.statementForAnotherDrop(statement: approval.statement.subject, drop: drop.label) }
    }

    /// Writes the remake jobs of `cards` from `source` and returns what to record: the remakes, job files and the
    /// `cards.remade` event.
    func make(
        _ drop: DropRecord, cards: [SpoiledCard], from source: RemakeCardSource, on approval: VerifiedStatement, at now: Date
    ) throws -> (records: [CardRemakeRecord], files: [JobFileRecord], event: AuditEvent) {
        let plan = try RemakeJobPlan(drop: drop, cards: cards, manifest: source.manifest, earlier: try ledger.cardRemakes(dropID: drop.id),
                                     machinesFolder: pipeline.machinesFolder)
        let written = try RemakeJobWriting(pipeline: pipeline, drop: drop).write(plan, from: source, now: now)
        let records = written.places.map { place in
            let card = plan.card(ofRecord: place.record, job: place.job)
            return CardRemakeRecord(
                dropID: drop.id, remakeJob: place.job, remakeBatch: place.batch, remakeSequence: place.sequence, job: card.job,
                batch: card.batch, sequence: card.sequence, record: card.record, spoiledSerial: card.serial, statement: approval.digest,
                actor: approval.actor, remadeAt: now)
        }
        var details = approval.auditDetails
        details["jobs"] = written.files.map(\.jobID).joined(separator: ",")
        for card in cards { details["serial-\(card.serial)"] = card.words }
        return (records, written.files,
                AuditEvent(event: "cards.remade", dropID: drop.id, actor: approval.actor, host: context.host, details: details))
    }
}

/// Why cards cannot be remade.
public enum CardRemakeError: Error, Equatable, CustomStringConvertible {
    /// The drop went to the vault: its working copy is gone, its cards are remade from its bundle under the vault's
    /// dual control.
    case archived(drop: String)
    /// The drop's production is not reported yet, or it is reconciled.
    case notInState(drop: String, state: DropState)
    /// The drop's production reports no such serial.
    case unknownSerial(serial: String, drop: String)
    /// The serial's latest report is not `spoiled`.
    case notSpoiled(serial: String, status: String)
    /// The serial was remade before.
    case alreadyRemade(serial: String, job: String)
    /// The logical card has a good card already.
    case madeGood(serial: String, good: String)
    /// The drop's working copy of its card data is not there.
    case noWorkingCopy(drop: String)
    /// The archived drop has no bundle in the vault any more (its retention ended and it was purged).
    case noBundle(drop: String)
    /// The signed statement is about something else.
    case statementForAnotherDrop(statement: String, drop: String)

    public var description: String {
        switch self {
        case let .archived(drop):
            "drop \(drop) is archived: its card data is only in its vault bundle, which is opened under the vault's dual "
                + "control: name the opener and the witness (--opener ID --witness ID, two people of security)"
        case let .notInState(drop, state):
            "drop \(drop) is \(state.words); cards are remade once the floor reported them spoiled and before the drop is "
                + "reconciled, or from the vault once it is archived"
        case let .unknownSerial(serial, drop): "drop \(drop)'s production reports no card with serial \(serial)"
        case let .notSpoiled(serial, status): "card \(serial) is reported \(status), not spoiled; only a spoiled card is remade"
        case let .alreadyRemade(serial, job): "card \(serial) was remade already, in remake job \(job)"
        case let .madeGood(serial, good): "the card spoiled as \(serial) was made good as \(good) already"
        case let .noWorkingCopy(drop): "drop \(drop) has no working copy of its card data any more"
        case let .noBundle(drop): "drop \(drop) has no bundle in the vault any more (purged): its card data is gone"
        case let .statementForAnotherDrop(statement, drop): "the statement is about \(statement), not drop \(drop)"
        }
    }
}
