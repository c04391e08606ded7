import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// The register of people signed actions are checked against: the pipeline's `people` folder, as approved in the
/// ledger. The register as first used is recorded as it is (version 1, by `system`, every person and key in the
/// audit log); from then on a person or key added or removed, or a name, department or role changed, counts only
/// once a `people.approve` statement listing the change is signed by people of the register approved before it.
public struct RegisterApproval {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Prepares the register of `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// The folder's register, the one approved, and the changes between them.
    public struct Pending: Sendable {
        /// The register in the `people` folder.
        public var proposed: PersonRegister
        /// The register last approved; nil before the first use.
        public var approved: ApprovedRegister?
        /// What approving the folder would change.
        public var changes: [RegisterChange]
        /// The canonical digest of the folder's register.
        public var digest: String
    }

    /// Reads the folder and the ledger.
    /// - Throws: `ConfigurationError` for a mistake in the folder; `LedgerError`.
    public func pending() throws -> Pending {
        let proposed = try PersonRegisterFolder.load(pipeline.peopleFolder)
        let approved = try ledger.approvedRegister()
        let changes = RegisterChange.changes(from: approved?.register ?? .empty, to: proposed)
        return Pending(proposed: proposed, approved: approved, changes: changes, digest: Self.digest(of: proposed))
    }

    /// The register to verify statements against: the folder's, when it is the approved one. On first use it is
    /// recorded as version 1, with a `people.registered` audit event naming everyone and their keys.
    /// - Throws: `RegisterNotApproved` when the folder differs from the approved register.
    public func approvedRegister() throws -> PersonRegister {
        let pending = try pending()
        guard let approved = pending.approved else {
            let now = context.now()
            var details = ["digest": pending.digest, "people": String(pending.proposed.people.count)]
            for (index, change) in pending.changes.enumerated() { details["change-\(index + 1)"] = change.description }
            try ledger.recordRegister(
                pending.proposed,
                version: RegisterVersionRecord(
                    digest: pending.digest, approvedAt: now, actor: "system", statement: nil,
                    changes: pending.changes.map(\.description).joined(separator: "\n")),
                replacing: nil, statement: nil,
                event: AuditEvent(event: "people.registered", actor: "system", host: context.host, details: details), at: now)
            return pending.proposed
        }
        guard approved.version.digest == pending.digest else {
            throw RegisterNotApproved(
                folder: pipeline.peopleFolder, version: approved.version, changes: pending.changes,
                command: "cardprep people approve \(Shell.quoted(pipeline.absoluteFile)) --reason \"what changed and why\"")
        }
        return approved.register
    }

    /// What the people sign to approve the folder's register: who asks and who approves, the digests before and
    /// after, and every change a line.
    public static func request(
        _ pending: Pending, pipeline: PipelineDefinition, requester: String, approver: String, reason: String
    ) -> StatementRequest {
        var fields = [
            Statement.Field("requester", requester), .init("approver", approver),
            .init("previous", pending.approved.map { "version \($0.version.version ?? 0), \($0.version.digest)" } ?? "none"),
            .init("register", pending.digest),
        ]
        for (index, change) in pending.changes.enumerated() { fields.append(.init("change-\(index + 1)", change.description)) }
        return StatementRequest(
            action: .peopleApprove, subject: "register \(pending.digest.prefix(16))", pipeline: pipeline.name, fields: fields,
            reason: reason)
    }

    /// Records the folder's register as approved on `approval`, which people of the register approved before signed.
    /// - Throws: `LedgerError` when the register changed meanwhile or the statement was used before.
    public func approve(_ pending: Pending, on approval: VerifiedStatement) throws -> RegisterVersionRecord {
        let now = context.now()
        var details = approval.auditDetails
        details["digest"] = pending.digest
        for (index, change) in pending.changes.enumerated() { details["change-\(index + 1)"] = change.description }
        return try ledger.recordRegister(
            pending.proposed,
            version: RegisterVersionRecord(
                digest: pending.digest, approvedAt: now, actor: approval.actor, statement: approval.digest,
                changes: pending.changes.map(\.description).joined(separator: "\n")),
            replacing: pending.approved?.version.digest, statement: approval.record(at: now),
            event: AuditEvent(event: "people.approved", actor: approval.actor, host: context.host, details: details), at: now)
    }

    /// The register's canonical text: per person in id order a `person` line (id, name, department, roles in
    /// order, tab-separated), then a `key` line per key (type and base64, in order); comments are not part of it.
    public static func canonicalText(_ register: PersonRegister) -> String {
        register.people.map { person in
            (["person\t\(person.id)\t\(person.name)\t\(person.department.rawValue)\t\(person.roles.sorted().joined(separator: " "))"]
                + person.keys.map(\.identity).sorted().map { "key\t\(person.id)\t\($0)" }).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    /// The lowercase hex SHA-256 of the canonical text.
    public static func digest(of register: PersonRegister) -> String {
        var digest = StreamingSHA256()
        digest.update(Array(canonicalText(register).utf8))
        return digest.hex()
    }
}

/// The register of people in the folder is not the one approved: someone added, removed or changed a person or a
/// key without the approval of two people of the register.
public struct RegisterNotApproved: Error, CustomStringConvertible {
    /// The `people` folder.
    public var folder: String
    /// The approved version.
    public var version: RegisterVersionRecord
    /// What differs.
    public var changes: [RegisterChange]
    /// The command that prints the statement approving the changes.
    public var command: String

    public var description: String {
        (["the register of people in \(folder) is not the one approved (version \(version.version ?? 0) of "
            + "\(Timestamp.iso8601(version.approvedAt))); no signed action is accepted until its changes are approved:"]
            + changes.map { "  " + $0.description }
            + ["approve them (a person with the role security asks, another with the role supervisor approves, both of the "
                + "register approved before): \(command)", "or put the folder back as it was"]).joined(separator: "\n")
    }
}
