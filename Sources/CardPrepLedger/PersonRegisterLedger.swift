import CardPrepCore
import Foundation
import GRDB

/// One approved version of the register of people: when, by whom, on which statement, and what changed. Its people
/// and keys are rows of `registeredPerson` and `registeredKey`.
public struct RegisterVersionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "registerVersion"
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
struct RegisteredPersonRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "registeredPerson"
    var version: Int64
    var id: String
    var name: String
    var department: String
    /// The roles, separated by spaces (role names have none).
    var roles: String
}

/// A key of a person of one register version.
struct RegisteredKeyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "registeredKey"
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
        try read("read the approved register") { db in try Self.approvedRegister(in: db) }
    }

    /// Every version of the register, oldest first.
    public func registerVersions() throws(LedgerError) -> [RegisterVersionRecord] {
        try read("list register versions") { try RegisterVersionRecord.order(Column("version")).fetchAll($0) }
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
        try write("record the register of people") { db in
            let current = try RegisterVersionRecord.order(Column("version").desc).fetchOne(db)
            guard current?.digest == previous else {
                throw RegisterLedgerError.changedMeanwhile(expected: previous, found: current?.digest)
            }
            if let statement { try Self.record(statement, in: db) }
            var row = version
            try row.insert(db)
            let number = row.version!
            for person in register.people {
                try RegisteredPersonRecord(
                    version: number, id: person.id, name: person.name, department: person.department.rawValue,
                    roles: person.roles.joined(separator: " ")
                ).insert(db)
                for key in person.keys {
                    try RegisteredKeyRecord(
                        version: number, personID: person.id, type: key.type, base64: key.base64, fingerprint: key.fingerprint,
                        comment: key.comment
                    ).insert(db)
                }
            }
            try Self.append(event, at: time, in: db)
            return row
        }
    }

    static func approvedRegister(in db: Database) throws -> ApprovedRegister? {
        guard let version = try RegisterVersionRecord.order(Column("version").desc).fetchOne(db), let number = version.version else {
            return nil
        }
        let keys = try RegisteredKeyRecord.filter(Column("version") == number).order(Column("rowid")).fetchAll(db)
        let people = try RegisteredPersonRecord.filter(Column("version") == number).order(Column("id")).fetchAll(db).map { row in
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
