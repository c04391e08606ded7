import CardPrepCore
import CardPrepLedger
import Foundation

/// Remaking cards of an archived drop: its card data is only in its vault bundle, so the one `cards.remake` statement
/// also carries the duties of `vault.open` (an opener and a witness, by default two people of security) besides the
/// requester (production) and the approver (supervisor), every person different. The bundle is decrypted in memory
/// and a private folder (`ArchivedRemakeData`), the remake jobs are written exactly as from a working copy, and the
/// remakes, the `bundle.opened` and `cards.remade` events and the statement are recorded in one transaction; each
/// remake then waits for the floor's report (`ArchivedRemakeReconciliation`).
extension CardRemaking {
    /// What the four people sign for an archived drop: the remake's fields, the opener and witness, and the bundle.
    public static func vaultRequest(
        drop: DropRecord, cards: [SpoiledCard], bundle: VaultBundleRecord, pipeline: PipelineDefinition, requester: String,
        approver: String, opener: String, witness: String, reason: String
    ) -> StatementRequest {
        var fields = [Statement.Field("requester", requester), .init("approver", approver), .init("opener", opener),
                      .init("witness", witness), .init("customer", drop.customer), .init("drop", drop.name),
                      .init("bundle", "\(bundle.id) (\(bundle.path))")]
        fields += cards.enumerated().map { Statement.Field("card-\($0.offset + 1)", "\($0.element.serial): \($0.element.words)") }
        return StatementRequest(
            action: .cardsRemake, subject: DropDecisions.subject(of: drop), pipeline: pipeline.name, fields: fields, reason: reason,
            including: [.vaultOpen])
    }

    /// The vault bundle an archived drop's card data is in.
    /// - Throws: `CardRemakeError.noBundle` when the drop has none or it was purged (its retention ended).
    public func bundle(of drop: DropRecord) throws -> VaultBundleRecord {
        guard let bundle = try ledger.bundle(dropID: drop.id), !bundle.purged else { throw CardRemakeError.noBundle(drop: drop.label) }
        return bundle
    }

    /// Writes the remake jobs of an archived drop's `cards` from its bundle in `vault` and records them.
    /// - Throws: `CardRemakeError.statementForAnotherDrop` for a statement of another drop or bundle, or without the
    ///   vault's duties; `VaultError` and `VaultKeyShareError` for a vault key that is missing or wrong or a bundle
    ///   that does not verify; intake key, I/O and ledger errors. Nothing is recorded on any error, and job files
    ///   written before a ledger error are removed.
    public func remakeFromVault(
        _ drop: DropRecord, cards: [SpoiledCard], on approval: VerifiedStatement, vault: Vault
    ) throws -> [CardRemakeRecord] {
        try expect(approval, for: drop)
        guard drop.state == .archived else { throw CardRemakeError.notInState(drop: drop.label, state: drop.state) }
        let bundle = try bundle(of: drop)
        guard approval.statement.field("bundle") == "\(bundle.id) (\(bundle.path))", approval.statement.field("opener") != nil,
              approval.statement.field("witness") != nil
        else {
            throw CardRemakeError.statementForAnotherDrop(
                statement: "\(approval.statement.subject) with bundle \(approval.statement.field("bundle") ?? "none")",
                drop: "\(drop.label) with bundle \(bundle.id)")
        }
        let now = context.now()
        let (made, orderID) = try ArchivedRemakeData(pipeline: pipeline, vault: vault, bundle: bundle).withCardData(of: drop) { source, summary in
            (try make(drop, cards: cards, from: source, on: approval, at: now), summary.orderID ?? source.order.id)
        }
        let archived = made.records.map {
            ArchivedRemakeRecord(remakeJob: $0.remakeJob, remakeSequence: $0.remakeSequence, dropID: drop.id, bundleID: bundle.id,
                                 orderID: orderID, spoiledSerial: $0.spoiledSerial, remadeAt: now)
        }
        var details = ["for": ControlledAction.cardsRemake.rawValue, "jobs": made.files.map(\.jobID).joined(separator: ",")]
        if let key = vault.recombinedKey { details["vault-key"] = key.auditText }
        var event = made.event
        event.details["bundle"] = bundle.id
        do {
            try ledger.recordRemakes(
                made.records, jobFiles: made.files, statement: approval.record(at: now), event: event, archived: archived,
                opened: vault.event("bundle.opened", bundle, details, signedBy: approval), at: now)
        } catch {
            for file in made.files { try? FileManager.default.removeItem(atPath: file.path) }
            throw error
        }
        return made.records
    }
}
