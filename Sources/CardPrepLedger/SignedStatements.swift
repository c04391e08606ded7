import CardPrepCore
import Foundation
import GRDB

/// A signed statement an action was done on: the statement, who signed it with which key, and the signatures, kept so
/// that anyone can verify it again (`ssh-keygen -Y verify -n cardprep-statement`). A statement is used once.
public struct SignedStatementRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "signedStatement"
    public static var databaseTableName: String { tableName }
    /// The lowercase hex SHA-256 of the statement's text.
    public var digest: String
    /// The action, e.g. `vault.checkout`.
    public var action: String
    /// What it was done to, e.g. `bundle 3f2a9c0d11e4b7a2`.
    public var subject: String
    /// The statement's nonce.
    public var nonce: String
    /// When the statement was printed.
    public var requestedAt: Date
    /// When the action was done on it.
    public var acceptedAt: Date
    /// The people on duty: `borrower=alice, approver=bob`.
    public var signers: String
    /// The keys that signed: `alice SHA256:…, bob SHA256:…`.
    public var keys: String
    /// The statement's text, as signed.
    public var text: String
    /// The armored signatures, in duty order, one after the other.
    public var signatures: String

    /// Creates a record.
    public init(
        digest: String, action: String, subject: String, nonce: String, requestedAt: Date, acceptedAt: Date,
        signers: String, keys: String, text: String, signatures: String
    ) {
        self.digest = digest; self.action = action; self.subject = subject; self.nonce = nonce
        self.requestedAt = requestedAt; self.acceptedAt = acceptedAt; self.signers = signers; self.keys = keys
        self.text = text; self.signatures = signatures
    }
}

/// Why the ledger refused a signed statement.
public enum SignedStatementLedgerError: Error, Equatable, CustomStringConvertible {
    /// The statement was used for an action before.
    case alreadyUsed(digest: String, action: String, at: Date)

    public var description: String {
        switch self {
        case let .alreadyUsed(digest, action, at):
            "the statement \(digest.prefix(16))… was used for \(action) at \(Timestamp.iso8601(at)); a statement is good for one action"
        }
    }
}

extension Ledger {
    /// The statement recorded under `digest`, if it was used.
    public func signedStatement(digest: String) throws(LedgerError) -> SignedStatementRecord? {
        try read("read signed statement") { try SignedStatementRecord.find(digest, in: $0) }
    }

    /// The statements used on `subject`, oldest first.
    public func signedStatements(subject: String) throws(LedgerError) -> [SignedStatementRecord] {
        try read("list signed statements") {
            try $0.records(
                SignedStatementRecord.self, #"SELECT * FROM "signedStatement" WHERE "subject" = ? ORDER BY "acceptedAt""#,
                [.text(subject)])
        }
    }

    /// Appends an audit event together with the signed statement it was done on, in one transaction.
    /// - Throws: `LedgerError.query` (wrapping `SignedStatementLedgerError.alreadyUsed`) when the statement was used.
    public func appendAudit(_ event: AuditEvent, statement: SignedStatementRecord, at time: Date) throws(LedgerError) {
        try write("append audit with signed statement") { transaction in
            try Self.record(statement, in: transaction)
            try Self.append(event, at: time, in: transaction)
        }
    }

    /// Records a statement as used, refusing one used before.
    static func record(_ statement: SignedStatementRecord, in transaction: any LedgerTransaction) throws {
        if let used = try SignedStatementRecord.find(statement.digest, in: transaction) {
            throw SignedStatementLedgerError.alreadyUsed(digest: used.digest, action: used.action, at: used.acceptedAt)
        }
        try transaction.insert(statement)
    }
}

extension SignedStatementRecord {
    /// The statement recorded under `digest` in a transaction, if any.
    static func find(_ digest: String, in transaction: any LedgerTransaction) throws -> SignedStatementRecord? {
        try transaction.record(SignedStatementRecord.self, #"SELECT * FROM "signedStatement" WHERE "digest" = ?"#, [.text(digest)])
    }
}

/// The schema of signed statements, the loans' verified people (v8) and the inspectors of lot decisions (v10).
enum SignedStatementSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "signedStatement") { t in
            t.primaryKey("digest", .text)
            t.column("action", .text).notNull()
            t.column("subject", .text).notNull().indexed()
            t.column("nonce", .text).notNull().unique()
            t.column("requestedAt", .datetime).notNull()
            t.column("acceptedAt", .datetime).notNull()
            t.column("signers", .text).notNull()
            t.column("keys", .text).notNull()
            t.column("text", .text).notNull()
            t.column("signatures", .text).notNull()
        }
        try db.alter(table: "custodyLoan") { t in
            t.add(column: "checkoutStatement", .text)
            t.add(column: "returnedBy", .text)
            t.add(column: "receivedBy", .text)
            t.add(column: "checkinStatement", .text)
        }
    }

    /// A lot's decision keeps the statement its inspector signed, their name and the key's fingerprint (v10).
    static func signLotDecisions(_ db: Database) throws {
        try db.alter(table: "lotDecision") { t in
            t.add(column: "statement", .text)
            t.add(column: "inspectorName", .text)
            t.add(column: "inspectorKey", .text)
        }
    }
}
