import CardPrepCore
import Foundation
import GRDB

/// Why the ledger refused a change to the complaints register.
public enum ComplaintLedgerError: Error, Equatable, CustomStringConvertible {
    /// No complaint has this id.
    case unknown(id: String)
    /// The complaint is closed: nothing more is added to it.
    case closed(id: String, at: Date, by: String)

    public var description: String {
        switch self {
        case let .unknown(id): "no complaint \(id) in the ledger (see `cardprep complaint list`)"
        case let .closed(id, at, by):
            "complaint \(id) was closed at \(Timestamp.iso8601(at)) by \(by); a closed complaint is final"
        }
    }
}

extension Ledger {
    /// Registers a complaint under the next number of `year`, with its links and its audit event, in one transaction.
    /// - Parameter make: the record, given the id it gets.
    /// - Returns: the complaint's id.
    public func openComplaint(
        year: Int, links: [ComplaintLink], event: (ComplaintID) -> AuditEvent, at time: Date,
        _ make: (ComplaintID) -> ComplaintRecord
    ) throws(LedgerError) -> ComplaintID {
        try write("open complaint") { transaction in
            let last = try transaction.integer(#"SELECT MAX("number") FROM "complaint" WHERE "year" = ?"#, [.int(year)]) ?? 0
            let id = ComplaintID(year: year, number: Int(last) + 1)
            try transaction.insert(make(id))
            for link in links {
                _ = try transaction.insert(ComplaintLinkRecord(complaintID: id.description, link: link), generating: "seq")
            }
            try Self.append(event(id), at: time, in: transaction)
            return id
        }
    }

    /// Adds a note to an open complaint, with its audit event, in one transaction.
    /// - Throws: `LedgerError.query` wrapping `ComplaintLedgerError` when the complaint is unknown or closed.
    public func addComplaintNote(_ note: ComplaintNoteRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("add complaint note") { transaction in
            try Self.checkOpen(note.complaintID, in: transaction)
            _ = try transaction.insert(note, generating: "seq")
            try Self.append(event, at: time, in: transaction)
        }
    }

    /// Closes a complaint on its handler's signed statement: the closure, the statement and the audit event, in one
    /// transaction. A complaint is closed once; a statement is used once.
    /// - Throws: `LedgerError.query` wrapping `ComplaintLedgerError` or `SignedStatementLedgerError.alreadyUsed`.
    public func closeComplaint(
        _ closure: ComplaintClosureRecord, statement: SignedStatementRecord, event: AuditEvent, at time: Date
    ) throws(LedgerError) {
        try write("close complaint") { transaction in
            try Self.checkOpen(closure.complaintID, in: transaction)
            try Self.record(statement, in: transaction)
            try transaction.insert(closure)
            try Self.append(event, at: time, in: transaction)
        }
    }

    /// The complaint `id` with its links, notes and closure; nil when there is none.
    public func complaint(id: String) throws(LedgerError) -> ComplaintFile? {
        try read("read complaint") { transaction in
            guard let complaint = try transaction.record(ComplaintRecord.self, #"SELECT * FROM "complaint" WHERE "id" = ?"#, [.text(id)])
            else { return nil }
            return try Self.file(of: complaint, in: transaction)
        }
    }

    /// Every complaint with its links, notes and closure, in order of their ids; optionally one customer's.
    public func complaints(customer: String? = nil) throws(LedgerError) -> [ComplaintFile] {
        try read("list complaints") { transaction in
            let filter = customer == nil ? "" : #" WHERE "customer" = ?"#
            return try transaction.records(
                ComplaintRecord.self, #"SELECT * FROM "complaint""# + filter + #" ORDER BY "year", "number""#,
                customer.map { [.text($0)] } ?? []
            ).map { try Self.file(of: $0, in: transaction) }
        }
    }

    private static func file(of complaint: ComplaintRecord, in transaction: any LedgerTransaction) throws -> ComplaintFile {
        let links = try transaction.records(
            ComplaintLinkRecord.self, #"SELECT * FROM "complaintLink" WHERE "complaintID" = ? ORDER BY "seq""#, [.text(complaint.id)])
        let notes = try transaction.records(
            ComplaintNoteRecord.self, #"SELECT * FROM "complaintNote" WHERE "complaintID" = ? ORDER BY "seq""#, [.text(complaint.id)])
        return ComplaintFile(
            complaint: complaint, links: links.map(\.link), notes: notes,
            closure: try closure(of: complaint.id, in: transaction))
    }

    private static func closure(of id: String, in transaction: any LedgerTransaction) throws -> ComplaintClosureRecord? {
        try transaction.record(ComplaintClosureRecord.self, #"SELECT * FROM "complaintClosure" WHERE "complaintID" = ?"#, [.text(id)])
    }

    private static func checkOpen(_ id: String, in transaction: any LedgerTransaction) throws {
        guard try transaction.integer(#"SELECT COUNT(*) FROM "complaint" WHERE "id" = ?"#, [.text(id)]) != 0 else {
            throw ComplaintLedgerError.unknown(id: id)
        }
        if let closure = try closure(of: id, in: transaction) {
            throw ComplaintLedgerError.closed(id: id, at: closure.closedAt, by: closure.handler)
        }
    }
}

/// The schema of the complaints register (v14): every table append-only.
enum ComplaintSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "complaint") { t in
            t.primaryKey("id", .text)
            t.column("year", .integer).notNull()
            t.column("number", .integer).notNull()
            t.column("customer", .text).notNull().indexed()
            t.column("receivedAt", .datetime).notNull()
            t.column("summary", .text).notNull()
            t.column("openedAt", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("host", .text).notNull()
            t.uniqueKey(["year", "number"])
        }
        try db.create(table: "complaintLink") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("complaintID", .text).notNull().indexed().references("complaint")
            t.column("serial", .text).indexed()
            t.column("lotID", .text).indexed().references("inspectionLot")
            t.column("shipment", .text).indexed()
            t.column("orderID", .text).indexed()
            t.column("dropID", .text).indexed().references("drop")
            t.check(
                sql: "(serial IS NOT NULL) + (lotID IS NOT NULL) + (shipment IS NOT NULL) + (orderID IS NOT NULL) "
                    + "+ (dropID IS NOT NULL) = 1")
        }
        try db.create(table: "complaintNote") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("complaintID", .text).notNull().indexed().references("complaint")
            t.column("at", .datetime).notNull()
            t.column("text", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("host", .text).notNull()
        }
        try db.create(table: "complaintClosure") { t in
            t.primaryKey("complaintID", .text).references("complaint")
            t.column("closedAt", .datetime).notNull()
            t.column("cause", .text).notNull()
            t.column("responsibleDepartment", .text).notNull()
            t.column("remedy", .text).notNull()
            t.column("reply", .text).notNull()
            t.column("handler", .text).notNull()
            t.column("handlerName", .text).notNull()
            t.column("handlerKey", .text).notNull()
            t.column("statement", .text).notNull().unique().references("signedStatement")
        }
    }
}
