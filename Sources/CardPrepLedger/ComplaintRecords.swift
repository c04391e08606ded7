import CardPrepCore
import Foundation
import GRDB

/// A customer's complaint as registered: who complained, when, what about. What it is linked to is in
/// `complaintLink`, its notes in `complaintNote`, and its closure, once closed, in `complaintClosure`; every row is
/// written once and never changed.
public struct ComplaintRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "complaint"
    public static var databaseTableName: String { tableName }
    /// `CMP-2026-0001`.
    public var id: String
    /// The year it was registered in, and its number within the year.
    public var year: Int
    public var number: Int
    /// The customer, as the pipeline's customer profiles name them.
    public var customer: String
    /// When the bureau received it (as stated when it was registered).
    public var receivedAt: Date
    /// What the customer says, in one line.
    public var summary: String
    /// When it was registered.
    public var openedAt: Date
    /// Who registered it: `system` (an unsigned record; see the README's Complaints section).
    public var actor: String
    /// The machine it was registered on.
    public var host: String

    /// Creates a record.
    public init(
        id: ComplaintID, customer: String, receivedAt: Date, summary: String, openedAt: Date, actor: String, host: String
    ) {
        self.id = id.description; year = id.year; number = id.number; self.customer = customer
        self.receivedAt = receivedAt; self.summary = summary; self.openedAt = openedAt; self.actor = actor; self.host = host
    }

    /// The complaint's id.
    public var complaintID: ComplaintID { ComplaintID(year: year, number: number) }
}

/// One thing a complaint names, in a column of its kind: exactly one of `serial`, `lotID`, `shipment`, `orderID`
/// and `dropID` is set (the table checks it). Lots and drops refer to the ledger's rows.
public struct ComplaintLinkRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "complaintLink"
    public static var databaseTableName: String { tableName }
    public var seq: Int64?
    public var complaintID: String
    public var serial: String?
    public var lotID: String?
    public var shipment: String?
    public var orderID: String?
    public var dropID: String?

    /// The record of `link` of complaint `complaintID`.
    public init(complaintID: String, link: ComplaintLink) {
        self.complaintID = complaintID
        switch link.kind {
        case .card: serial = link.reference
        case .lot: lotID = link.reference
        case .shipment: shipment = link.reference
        case .order: orderID = link.reference
        case .drop: dropID = link.reference
        }
    }

    /// The link the record holds.
    public var link: ComplaintLink {
        if let serial { return ComplaintLink(.card, serial) }
        if let lotID { return ComplaintLink(.lot, lotID) }
        if let shipment { return ComplaintLink(.shipment, shipment) }
        if let orderID { return ComplaintLink(.order, orderID) }
        return ComplaintLink(.drop, dropID ?? "")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

/// A dated note on an open complaint: what was found, asked, done.
public struct ComplaintNoteRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "complaintNote"
    public static var databaseTableName: String { tableName }
    public var seq: Int64?
    public var complaintID: String
    public var at: Date
    /// The note, in one line.
    public var text: String
    /// Who recorded it: `system` (an unsigned record).
    public var actor: String
    public var host: String

    /// Creates a record.
    public init(complaintID: String, at: Date, text: String, actor: String, host: String) {
        self.complaintID = complaintID; self.at = at; self.text = text; self.actor = actor; self.host = host
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

/// How a complaint was closed, on the statement its handler signed: the cause, the department responsible, the
/// remedy and the reply to the customer.
public struct ComplaintClosureRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "complaintClosure"
    public static var databaseTableName: String { tableName }
    public var complaintID: String
    public var closedAt: Date
    public var cause: ComplaintCause
    public var responsibleDepartment: Department
    public var remedy: ComplaintRemedy
    /// The reply to the customer, in one line, as signed.
    public var reply: String
    /// The handler's person id, name and the fingerprint of the key that signed.
    public var handler: String
    public var handlerName: String
    public var handlerKey: String
    /// The SHA-256 of the `complaint.close` statement (its row in `signedStatement`).
    public var statement: String

    /// Creates a record.
    public init(
        complaintID: String, closedAt: Date, cause: ComplaintCause, responsibleDepartment: Department, remedy: ComplaintRemedy,
        reply: String, handler: String, handlerName: String, handlerKey: String, statement: String
    ) {
        self.complaintID = complaintID; self.closedAt = closedAt; self.cause = cause
        self.responsibleDepartment = responsibleDepartment; self.remedy = remedy; self.reply = reply; self.handler = handler
        self.handlerName = handlerName; self.handlerKey = handlerKey; self.statement = statement
    }
}

/// A complaint with everything recorded about it.
public struct ComplaintFile: Sendable, Equatable {
    public var complaint: ComplaintRecord
    /// Its links, in the order given.
    public var links: [ComplaintLink]
    /// Its notes, oldest first.
    public var notes: [ComplaintNoteRecord]
    /// Its closure; nil while it is open.
    public var closure: ComplaintClosureRecord?

    /// Open or closed.
    public var state: ComplaintState { closure == nil ? .open : .closed }
}
