import CardPrepCore
import CardPrepLedger
import Foundation

/// The complaints register of a pipeline: customers' complaints opened with what they are about, notes added while
/// they are open, and each closed once, on a statement its handler signs (`complaint.close`).
///
/// Opening and notes are records of what the customer said and what was done; they decide nothing and are recorded
/// as `system` with the host, never with a name typed on the command line. The person who answers for a complaint is
/// its handler, who signs the closure: the statement names the complaint as recorded (its summary, links, the number
/// of notes and the SHA-256 of the whole record), so the handler signs off everything on file, and a note added after
/// the statement was printed makes it stale.
public struct ComplaintRegister {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// The register of `pipeline`, in its ledger.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Opens a complaint: checks the customer, the texts and every link (a drop or a lot must be in the ledger and
    /// the customer's), and registers it under the next number of this year with a `complaint.opened` audit event.
    /// - Returns: the complaint's id.
    /// - Throws: `ComplaintError`, `DropLookupError` for a drop that cannot be found; `LedgerError`.
    public func open(_ opening: ComplaintOpening) throws -> ComplaintID {
        try checkCustomer(opening.customer)
        try Self.check(opening.summary, option: "--summary")
        let now = context.now()
        let receivedAt = Self.wholeSeconds(opening.receivedAt ?? now)
        guard receivedAt <= now.addingTimeInterval(DualControlPolicy.clockSkew.seconds) else {
            throw ComplaintError.receivedInFuture(receivedAt)
        }
        let (links, dropID) = try resolveLinks(opening)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let summary = opening.summary, customer = opening.customer, host = context.host
        return try ledger.openComplaint(
            year: calendar.component(.year, from: now), links: links,
            event: { id in
                AuditEvent(
                    event: "complaint.opened", dropID: dropID, actor: RunContext.systemActor, host: host,
                    details: [
                        "complaint": id.description, "customer": customer, "receivedAt": StatementTime.text(receivedAt),
                        "summary": summary, "links": links.map { "\($0.kind.rawValue) \($0.reference)" }.joined(separator: ", "),
                    ])
            }, at: now
        ) { id in
            ComplaintRecord(
                id: id, customer: customer, receivedAt: receivedAt, summary: summary, openedAt: now,
                actor: RunContext.systemActor, host: host)
        }
    }

    /// Adds a dated note to an open complaint, with a `complaint.noted` audit event.
    /// - Throws: `ComplaintError` for an unknown or closed complaint or a text that cannot be kept; `LedgerError`.
    public func note(_ reference: String, text: String) throws {
        let file = try find(reference)
        guard file.state.after(.note) != nil else { throw closedError(file) }
        try Self.check(text, option: "--text")
        let now = context.now()
        let id = file.complaint.id
        try ledger.addComplaintNote(
            ComplaintNoteRecord(complaintID: id, at: now, text: text, actor: RunContext.systemActor, host: context.host),
            event: AuditEvent(
                event: "complaint.noted", dropID: try auditDropID(file.links), actor: RunContext.systemActor, host: context.host,
                details: ["complaint": id, "text": text]),
            at: now)
    }

    /// The complaint `reference` names (`CMP-2026-0001`, letters in either case).
    /// - Throws: `ComplaintError.badID` or `.unknown`; `LedgerError`.
    public func find(_ reference: String) throws -> ComplaintFile {
        guard let id = ComplaintID(reference.trimmingCharacters(in: .whitespaces)) else { throw ComplaintError.badID(reference) }
        guard let file = try ledger.complaint(id: id.description) else { throw ComplaintError.unknown(id: id.description) }
        return file
    }

    /// Refuses to go on with closing a complaint that is closed already, before anyone is asked to sign.
    /// - Throws: `ComplaintError.closed`.
    public func checkCanClose(_ file: ComplaintFile) throws {
        guard file.state.after(.close) != nil else { throw closedError(file) }
    }

    /// What the handler signs to close `file`: the complaint as recorded and the decision.
    /// - Throws: `ComplaintError.badText` for a reply that cannot be kept.
    public func closeRequest(
        _ file: ComplaintFile, closing: ComplaintClosing, handler: String, reason: String
    ) throws -> StatementRequest {
        try Self.check(closing.reply, option: "--reply")
        let complaint = file.complaint
        let fields = [
            Statement.Field("handler", handler), .init("customer", complaint.customer),
            .init("received-at", StatementTime.text(complaint.receivedAt)), .init("summary", complaint.summary),
            .init("links", file.links.map { "\($0.kind.rawValue) \($0.reference)" }.joined(separator: ", ")),
            .init("notes", String(file.notes.count)), .init("record-sha256", ComplaintRecordDigest.sha256(file)),
            .init("cause", closing.cause.rawValue), .init("responsible-department", closing.department.rawValue),
            .init("remedy", closing.remedy.rawValue), .init("reply", closing.reply),
        ]
        return StatementRequest(
            action: .complaintClose, subject: Self.subject(complaint.id), pipeline: pipeline.name, fields: fields, reason: reason)
    }

    /// Closes the complaint on the statement its handler signed, with a `complaint.closed` audit event.
    /// - Throws: `ComplaintError.statementForAnotherComplaint`; `LedgerError` when it was closed meanwhile or the
    ///   statement was used.
    public func close(_ file: ComplaintFile, closing: ComplaintClosing, on approval: VerifiedStatement) throws
        -> ComplaintClosureRecord
    {
        let id = file.complaint.id
        guard approval.statement.action == ControlledAction.complaintClose.rawValue,
            approval.statement.subject == Self.subject(id),
            let handler = approval.signers.first(where: { $0.duty == "handler" })
        else { throw ComplaintError.statementForAnotherComplaint(statement: approval.statement.subject, complaint: id) }
        let now = context.now()
        let closure = ComplaintClosureRecord(
            complaintID: id, closedAt: now, cause: closing.cause, responsibleDepartment: closing.department,
            remedy: closing.remedy, reply: closing.reply, handler: handler.person.id, handlerName: handler.person.name,
            handlerKey: handler.keyFingerprint, statement: approval.digest)
        var details = approval.auditDetails
        details["complaint"] = id
        details["cause"] = closing.cause.rawValue
        details["responsibleDepartment"] = closing.department.rawValue
        details["remedy"] = closing.remedy.rawValue
        details["reply"] = closing.reply
        try ledger.closeComplaint(
            closure, statement: approval.record(at: now),
            event: AuditEvent(
                event: "complaint.closed", dropID: try auditDropID(file.links), actor: approval.actor, host: context.host,
                details: details),
            at: now)
        return closure
    }

    /// `complaint CMP-2026-0001`, the subject of its statements.
    public static func subject(_ id: String) -> String { "complaint \(id)" }

    // MARK: Checks

    private func checkCustomer(_ customer: String) throws {
        let fm = FileManager.default
        guard !customer.contains("/"), fm.fileExists(atPath: pipeline.customersFolder + "/\(customer).yml") else {
            let known = ((try? fm.contentsOfDirectory(atPath: pipeline.customersFolder)) ?? [])
                .filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
            throw ComplaintError.unknownCustomer(customer, known: known)
        }
    }

    /// The links of `opening`, each checked, duplicates left out, and the drop the audit event is filed under (the
    /// first drop named, else the drop of the first lot).
    private func resolveLinks(_ opening: ComplaintOpening) throws -> ([ComplaintLink], String?) {
        var links: [ComplaintLink] = []
        func add(_ link: ComplaintLink) { if !links.contains(link) { links.append(link) } }
        for (kind, option, values) in [
            (ComplaintLink.Kind.card, "--card", opening.cards), (.shipment, "--shipment", opening.shipments),
            (.order, "--order", opening.orders),
        ] {
            for value in values {
                try Self.check(value, option: option)
                add(ComplaintLink(kind, value))
            }
        }
        for lotID in opening.lots {
            guard let lot = try ledger.lot(id: lotID) else { throw ComplaintError.unknownLot(lotID) }
            guard lot.customer == opening.customer else {
                throw ComplaintError.anotherCustomer(
                    link: ComplaintLink(.lot, lotID), owner: lot.customer, customer: opening.customer)
            }
            add(ComplaintLink(.lot, lotID))
        }
        for reference in opening.drops {
            let drop = try DropLookup.find(reference, in: ledger)
            guard drop.customer == opening.customer else {
                throw ComplaintError.anotherCustomer(
                    link: ComplaintLink(.drop, drop.id), owner: drop.customer, customer: opening.customer)
            }
            add(ComplaintLink(.drop, drop.id))
        }
        guard !links.isEmpty else { throw ComplaintError.noLinks }
        let ordered = ComplaintLink.Kind.allCases.flatMap { kind in links.filter { $0.kind == kind } }
        return (ordered, try auditDropID(ordered))
    }

    /// The drop a complaint's audit events are filed under, so that `cardprep history` of the drop shows them.
    private func auditDropID(_ links: [ComplaintLink]) throws -> String? {
        if let drop = links.first(where: { $0.kind == .drop }) { return drop.reference }
        if let lot = links.first(where: { $0.kind == .lot }) { return try ledger.lot(id: lot.reference)?.dropID }
        return nil
    }

    private func closedError(_ file: ComplaintFile) -> ComplaintError {
        .closed(id: file.complaint.id, at: file.closure?.closedAt ?? file.complaint.openedAt, by: file.closure?.handler ?? "?")
    }

    private static func check(_ value: String, option: String) throws {
        if let problem = ComplaintText.problem(with: value) { throw ComplaintError.badText(option: option, reason: problem) }
    }

    private static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
