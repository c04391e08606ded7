import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// Opening, lending and taking back bundles: each done only on a statement verified under the pipeline's
/// dual-control rule, and recorded with the people who signed it and the statement itself.
extension Vault {
    /// The statement request for lending `record` to `borrower`, approved by `approver`.
    public static func checkoutRequest(
        pipeline: PipelineDefinition, bundle record: VaultBundleRecord, borrower: String, approver: String, reason: String
    ) -> StatementRequest {
        StatementRequest(
            action: .vaultCheckout, subject: "bundle \(record.id)", pipeline: pipeline.name,
            fields: [.init("borrower", borrower), .init("approver", approver)], reason: reason)
    }

    /// The statement request for opening the bundle at `path` (`record` when the vault knows it) into `folder`.
    public static func openRequest(
        pipeline: PipelineDefinition, bundle record: VaultBundleRecord?, path: String, to folder: String, opener: String,
        witness: String, reason: String
    ) -> StatementRequest {
        StatementRequest(
            action: .vaultOpen, subject: subject(record, path: path), pipeline: pipeline.name,
            fields: [.init("opener", opener), .init("witness", witness), .init("to", absolute(folder))],
            reason: reason)
    }

    /// The statement request for taking back the open loan `loan` of `record`.
    public static func checkinRequest(
        pipeline: PipelineDefinition, bundle record: VaultBundleRecord, loan: CustodyLoanRecord, returner: String,
        receiver: String, reason: String
    ) -> StatementRequest {
        StatementRequest(
            action: .vaultCheckin, subject: "bundle \(record.id)", pipeline: pipeline.name,
            fields: [.init("returner", returner), .init("receiver", receiver), .init("loan", String(loan.seq ?? 0))],
            reason: reason)
    }

    /// Decrypts a bundle and extracts it into `folder` (which must not exist), after checking its signature.
    /// Absolute names, `..`, links and device entries are refused; a refused archive leaves nothing behind.
    /// - Parameter approval: the verified `vault.open` statement for this bundle and folder.
    /// - Returns: the extracted entries.
    /// - Throws: `VaultError.refused` for a bad signature, a hostile entry or a statement for something else;
    ///   archive, ledger and I/O errors.
    public func open(path: String, to folder: String, approval: VerifiedStatement) throws -> [ArchiveEntry] {
        let record = try? bundle(named: path)
        try expect(approval, .vaultOpen, subject: Self.subject(record, path: path), path: path)
        guard approval.statement.field("to") == Self.absolute(folder) else {
            throw VaultError.refused(
                path: path, reason: "the statement opens it into \(approval.statement.field("to") ?? "-"), not \(folder)")
        }
        let outer = try verifier(decrypt: false).verify(path: path, readData: false)
        guard outer.passed else {
            throw VaultError.refused(path: path, reason: outer.faults.map(\.description).joined(separator: "; "))
        }
        let source = try AgeDecryptingSource(
            wrapping: try FileByteSource(path: path), identities: try keys.identities())
        let entries: [ArchiveEntry]
        do { entries = try SafeArchiveReader(source: source).extract(to: folder) } catch let error as ArchiveError {
            throw VaultError.refused(path: path, reason: "\(error)")
        }
        let now = context.now()
        var details = ["to": folder, "entries": String(entries.count)]
        if record == nil { details["file"] = path }
        if let recombinedKey { details["vault-key"] = recombinedKey.auditText }
        try ledger.appendAudit(
            event("bundle.opened", record, details, signedBy: approval), statement: approval.record(at: now), at: now)
        return entries
    }

    /// Lends a bundle out on a verified `vault.checkout` statement: the borrower and approver are the people who
    /// signed it; the bundle stays in the vault.
    /// - Throws: `VaultError.refused` when the bundle is not the one recorded or the statement is for something
    ///   else; `LedgerError` when it is out already or the statement was used.
    public func checkOut(_ record: VaultBundleRecord, approval: VerifiedStatement) throws -> CustodyLoanRecord {
        try expect(approval, .vaultCheckout, subject: "bundle \(record.id)", path: path(of: record))
        let digest = try currentDigest(of: record)
        guard digest == record.sha256 else {
            throw VaultError.refused(path: path(of: record), reason: "SHA-256 \(digest), the ledger recorded \(record.sha256)")
        }
        let borrower = approval.person(onDuty: "borrower")!.id, approver = approval.person(onDuty: "approver")!.id
        let now = context.now()
        let loan = CustodyLoanRecord(
            bundleID: record.id, borrower: borrower, reason: approval.statement.reason, approvedBy: approver,
            outAt: now, sha256AtCheckout: digest, checkoutStatement: approval.digest)
        return try ledger.checkOut(
            loan, event: event("bundle.checkout", record, [:], signedBy: approval),
            statement: approval.record(at: now), at: now)
    }

    /// Takes a bundle back on a verified `vault.checkin` statement and checks that it is unchanged since it was
    /// checked out.
    /// - Returns: the closed loan with who returned and who received it; `returnedUnchanged` says whether the
    ///   bundle is as it left.
    /// - Throws: `VaultError.refused` for a statement for something else; `LedgerError` when the bundle is not out.
    public func checkIn(_ record: VaultBundleRecord, approval: VerifiedStatement) throws -> CustodyLoanRecord {
        try expect(approval, .vaultCheckin, subject: "bundle \(record.id)", path: path(of: record))
        let digest = try currentDigest(of: record)
        let unchanged = digest == record.sha256
        let returner = approval.person(onDuty: "returner")!.id, receiver = approval.person(onDuty: "receiver")!.id
        let now = context.now()
        return try ledger.checkIn(
            bundleID: record.id, sha256: digest, returnedBy: returner, receivedBy: receiver,
            event: event("bundle.checkin", record, ["unchanged": String(unchanged), "sha256": digest], signedBy: approval),
            statement: approval.record(at: now), at: now)
    }

    /// Refuses a verified statement made for another action or subject.
    func expect(_ approval: VerifiedStatement, _ action: ControlledAction, subject: String, path: String) throws {
        guard approval.statement.action == action.rawValue, approval.statement.subject == subject else {
            throw VaultError.refused(
                path: path,
                reason:
                    "the statement is for \(approval.statement.action) of \(approval.statement.subject), not \(action.rawValue) of \(subject)"
            )
        }
    }

    static func subject(_ record: VaultBundleRecord?, path: String) -> String {
        record.map { "bundle \($0.id)" } ?? "file \(absolute(path))"
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
