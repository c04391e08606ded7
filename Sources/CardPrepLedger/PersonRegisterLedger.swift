import CardPrepCore
import Foundation
import GRDB

/// One approved version of the register of people: when, by whom, on which statement, and what changed. Its people
/// and keys are rows of `registeredPerson` and `registeredKey`.
public struct RegisterVersionRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "registerVersion"
    public static var databaseTableName: String { tableName }
    /// 1 for the register as first used, then one more for each approved change.
    public var version: Int64?
    /// The lowercase hex SHA-256 of the register's canonical text.
    public var digest: String
    /// When it was recorded.
    public var approvedAt: Date
    /// `system` for the register as first used; the people who signed the change (`alice+frank`) after.
    public var actor: String
    /// The digest of the signed statement the change was approved on; nil for the first version.
    public var statement: String?
    /// What changed, a line each (for people reading the history; the rows are the record).
    public var changes: String

    /// Creates a record; the ledger numbers it.
    public init(digest: String, approvedAt: Date, actor: String, statement: String?, changes: String) {
        self.digest = digest; self.approvedAt = approvedAt; self.actor = actor; self.statement = statement; self.changes = changes
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { version = inserted.rowID }
}

/// A person of one register version.
struct RegisteredPersonRecord: Codable, LedgerRecord, FetchableRecord, PersistableRecord {
    static let tableName = "registeredPerson"
    static var databaseTableName: String { tableName }
    var version: Int64
    var id: String
    var name: String
    var department: String
    /// The roles, separated by spaces (role names have none).
    var roles: String
}

/// A key of a person of one register version.
struct RegisteredKeyRecord: Codable, LedgerRecord, FetchableRecord, PersistableRecord {
    static let tableName = "registeredKey"
    static var databaseTableName: String { tableName }
    var version: Int64
    var personID: String
    var type: String
    var base64: String
    var fingerprint: String
    var comment: String
}

/// The register of people as last approved.
public struct ApprovedRegister: Sendable {
    /// The version's record.
    public var version: RegisterVersionRecord
    /// Its people with their keys.
    public var register: PersonRegister
}

/// Why the ledger refused to record a register version.
public enum RegisterLedgerError: Error, Equatable, CustomStringConvertible {
    /// Another version was recorded since the change was prepared.
    case changedMeanwhile(expected: String?, found: String?)

    public var description: String {
        switch self {
        case let .changedMeanwhile(expected, found):
            "the approved register is \(found.map { String($0.prefix(16)) } ?? "none"), not \(expected.map { String($0.prefix(16)) } ?? "none") "
                + "as when the change was prepared; prepare and sign it again"
        }
    }
}

extension Ledger {
    /// The register of people as last approved; nil before it was first used.
    public func approvedRegister() throws(LedgerError) -> ApprovedRegister? {
        try read("read the approved register") { transaction in try Self.approvedRegister(in: transaction) }
    }

    /// Every version of the register, oldest first.
    public func registerVersions() throws(LedgerError) -> [RegisterVersionRecord] {
        try read("list register versions") {
            try $0.records(RegisterVersionRecord.self, #"SELECT * FROM "registerVersion" ORDER BY "version""#)
        }
    }

    /// Records `register` as the approved register, with its audit event and the statement it was approved on, in
    /// one transaction, provided the approved register is still the one with digest `previous` (nil: none yet).
    /// - Throws: `LedgerError.query` wrapping `RegisterLedgerError.changedMeanwhile`, or
    ///   `SignedStatementLedgerError.alreadyUsed`.
    @discardableResult
    public func recordRegister(
        _ register: PersonRegister, version: RegisterVersionRecord, replacing previous: String?,
        statement: SignedStatementRecord?, event: AuditEvent, at time: Date
    ) throws(LedgerError) -> RegisterVersionRecord {
        try write("record the register of people") { transaction in
            let current = try RegisterVersionRecord.current(in: transaction)
            guard current?.digest == previous else {
                throw RegisterLedgerError.changedMeanwhile(expected: previous, found: current?.digest)
            }
            if let statement { try Self.record(statement, in: transaction) }
            var row = version
            let number = try transaction.insert(row, generating: "version")
            row.version = number
            for person in register.people {
                try transaction.insert(RegisteredPersonRecord(
                    version: number, id: person.id, name: person.name, department: person.department.rawValue,
                    roles: person.roles.joined(separator: " ")))
                for key in person.keys {
                    try transaction.insert(RegisteredKeyRecord(
                        version: number, personID: person.id, type: key.type, base64: key.base64, fingerprint: key.fingerprint,
                        comment: key.comment))
                }
            }
            try Self.append(event, at: time, in: transaction)
            return row
        }
    }

    static func approvedRegister(in transaction: any LedgerTransaction) throws -> ApprovedRegister? {
        guard let version = try RegisterVersionRecord.current(in: transaction), let number = version.version else {
            return nil
        }
        // A person's keys in the order they were written: no column of the table keeps it, so its row order does
        // (SQLite's rowid; on another database the `rowid` column its store keeps, see `ledgerRowOrder`).
        let keys = try transaction.records(
            RegisteredKeyRecord.self, #"SELECT * FROM "registeredKey" WHERE "version" = ? ORDER BY "# + quoted(ledgerRowOrder),
            [.integer(number)])
        let people = try transaction.records(
            RegisteredPersonRecord.self, #"SELECT * FROM "registeredPerson" WHERE "version" = ? ORDER BY "id""#, [.integer(number)]
        ).map { row in
            Person(
                id: row.id, name: row.name, department: Department(rawValue: row.department) ?? .management,
                roles: row.roles.split(separator: " ").map(String.init),
                keys: keys.filter { $0.personID == row.id }.map {
                    PersonKey(type: $0.type, base64: $0.base64, fingerprint: $0.fingerprint, comment: $0.comment)
                })
        }
        return ApprovedRegister(version: version, register: try PersonRegister(people: people))
    }
}

extension RegisterVersionRecord {
    /// The last approved version in a transaction, if any.
    static func current(in transaction: any LedgerTransaction) throws -> RegisterVersionRecord? {
        try transaction.record(RegisterVersionRecord.self, #"SELECT * FROM "registerVersion" ORDER BY "version" DESC LIMIT 1"#)
    }
}

/// The schema of the approved register of people.
enum PersonRegisterSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "registerVersion") { t in
            t.autoIncrementedPrimaryKey("version")
            t.column("digest", .text).notNull()
            t.column("approvedAt", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("statement", .text)
            t.column("changes", .text).notNull()
        }
        try db.create(table: "registeredPerson") { t in
            t.column("version", .integer).notNull().references("registerVersion")
            t.column("id", .text).notNull()
            t.column("name", .text).notNull()
            t.column("department", .text).notNull()
            t.column("roles", .text).notNull()
            t.primaryKey(["version", "id"])
        }
        try db.create(table: "registeredKey") { t in
            t.column("version", .integer).notNull().references("registerVersion")
            t.column("personID", .text).notNull()
            t.column("type", .text).notNull()
            t.column("base64", .text).notNull()
            t.column("fingerprint", .text).notNull()
            t.column("comment", .text).notNull()
            t.primaryKey(["version", "base64"])
        }
    }
}
