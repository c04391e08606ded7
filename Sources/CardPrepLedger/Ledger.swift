import CardPrepCore
import Foundation
import GRDB

/// The pipeline's ledger: one SQLite database (through GRDB) holding drops, deliveries, quarantine,
/// stage completions and the hash-chained audit log. Writes are transactions: a crash leaves either the
/// whole change or none of it.
public final class Ledger: Sendable {
    private let queue: DatabaseQueue
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    /// - Parameter readOnly: open without writing anything: an existing ledger read-only (it must be up to date), or,
    ///   when there is none yet, an empty one in memory. For dry runs.
    /// - Throws: `LedgerError.open` when the file cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false) throws(LedgerError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            if readOnly {
                configuration.readonly = true
                guard FileManager.default.fileExists(atPath: path) else {
                    queue = try DatabaseQueue()
                    try LedgerSchema.migrator.migrate(queue)
                    return
                }
                queue = try DatabaseQueue(path: path, configuration: configuration)
                guard try queue.read(LedgerSchema.migrator.hasCompletedMigrations) else {
                    throw LedgerError.open(path: path, reason: "the ledger is from an earlier version; a run without --dry-run updates it")
                }
                return
            }
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let existed = FileManager.default.fileExists(atPath: path)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            if !existed { chmod(path, 0o640) }
            try LedgerSchema.migrator.migrate(queue)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .open(path: path, reason: "\(error)")
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(LedgerError) -> T {
        do { return try queue.read(body) } catch let error as LedgerError { throw error } catch {
            throw .query(operation: operation, reason: "\(error)")
        }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(LedgerError) -> T {
        do { return try queue.write(body) } catch let error as LedgerError { throw error } catch {
            throw .query(operation: operation, reason: "\(error)")
        }
    }

    // MARK: Drops

    /// The drop registered under `id`, if any.
    public func drop(id: String) throws(LedgerError) -> DropRecord? {
        try read("read drop") { try DropRecord.fetchOne($0, key: id) }
    }

    /// Every registered drop, oldest first.
    public func drops() throws(LedgerError) -> [DropRecord] {
        try read("list drops") { try DropRecord.order(Column("registeredAt"), Column("id")).fetchAll($0) }
    }

    /// Registers a newly ingested drop (received, then ingested) with its first delivery, its ingest step and its
    /// custody events, in one transaction. A drop released from quarantine is taken on under its existing record.
    public func registerIngestedDrop(
        _ drop: DropRecord, delivery: DeliveryRecord, step: StepRecord, events: [AuditEvent], actor: String, host: String, at time: Date
    ) throws(LedgerError) {
        try write("register drop \(drop.id)") { db in
            _ = try Self.register(drop, actor: actor, host: host, at: time, in: db)
            try delivery.insert(db)
            try step.save(db)
            for event in events { try Self.append(event, at: time, in: db) }
            _ = try Self.apply(
                DropTransition(dropID: drop.id, action: .ingest, actor: actor, host: host, reason: step.summary), at: time, in: db)
        }
    }

    /// Records a repeated delivery of a registered drop; a second call for the same `keptAt` changes nothing.
    public func recordDuplicateDelivery(_ delivery: DeliveryRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record duplicate delivery") { db in
            guard try DeliveryRecord.filter(Column("keptAt") == delivery.keptAt).fetchCount(db) == 0 else { return }
            try delivery.insert(db)
            try Self.append(event, at: time, in: db)
        }
    }

    /// Every delivery of a drop, first one first.
    public func deliveries(of dropID: String) throws(LedgerError) -> [DeliveryRecord] {
        try read("list deliveries") { try DeliveryRecord.filter(Column("dropID") == dropID).order(Column("seq")).fetchAll($0) }
    }

    /// Every delivery, in order of arrival.
    public func allDeliveries() throws(LedgerError) -> [DeliveryRecord] {
        try read("list deliveries") { try DeliveryRecord.order(Column("seq")).fetchAll($0) }
    }

    // MARK: Quarantine

    /// Records a quarantined drop: the drop in state `quarantined` (registered first when new), the quarantine record
    /// and its audit event, in one transaction. A second call for the same `keptAt` changes nothing.
    /// - Parameter drop: the drop as registered; its id is the manifest digest.
    public func recordQuarantine(_ record: QuarantineRecord, drop: DropRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record quarantine") { db in
            guard try QuarantineRecord.filter(Column("keptAt") == record.keptAt).fetchCount(db) == 0 else { return }
            var kept = record
            kept.dropID = drop.id
            if var existing = try DropRecord.fetchOne(db, key: drop.id), existing.state == .quarantined {
                // The same drop delivered again and refused again: kept a second time, still quarantined.
                existing.originalsPath = record.keptAt
                try existing.update(db)
                try kept.insert(db)
                try Self.append(event, at: time, in: db)
                return
            }
            _ = try Self.register(drop, actor: event.actor, host: event.host, at: time, in: db)
            try kept.insert(db)
            try Self.append(event, at: time, in: db)
            _ = try Self.apply(
                DropTransition(dropID: drop.id, action: .quarantine, actor: event.actor, host: event.host,
                               reason: "\(record.reasonCode): \(record.message)"),
                at: time, in: db)
        }
    }

    /// The unreleased quarantine record of a drop, if any.
    public func quarantineRecord(dropID: String) throws(LedgerError) -> QuarantineRecord? {
        try read("read quarantine") {
            try QuarantineRecord.filter(Column("dropID") == dropID && Column("released") == false).order(Column("seq").desc).fetchOne($0)
        }
    }

    /// Quarantined drops not yet released, oldest first.
    public func quarantined() throws(LedgerError) -> [QuarantineRecord] {
        try read("list quarantine") {
            try QuarantineRecord.filter(Column("released") == false).order(Column("seq")).fetchAll($0)
        }
    }

    /// Marks a quarantined drop as released for another try (quarantined → received) and records who released it.
    /// - Throws: `LedgerError.notFound` when no unreleased quarantine record is kept at `keptAt`.
    public func releaseQuarantine(
        keptAt: String, transition: DropTransition, event: AuditEvent, statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) {
        let found: Bool = try write("release quarantine") { db in
            guard var record = try QuarantineRecord.filter(Column("keptAt") == keptAt && Column("released") == false).fetchOne(db)
            else { return false }
            record.released = true
            try record.update(db)
            if let statement { try Self.record(statement, in: db) }
            try Self.append(event, at: time, in: db)
            _ = try Self.apply(transition, at: time, in: db)
            return true
        }
        if !found { throw .notFound(what: "quarantined drop kept at \(keptAt)") }
    }

    /// How many deliveries of each kind the ledger holds.
    public func deliveryCounts() throws(LedgerError) -> [DeliveryRecord.Kind: Int] {
        var counts: [DeliveryRecord.Kind: Int] = [:]
        for delivery in try allDeliveries() { counts[delivery.kind, default: 0] += 1 }
        return counts
    }

    // MARK: Steps

    /// The completed stages of a drop.
    public func steps(of dropID: String) throws(LedgerError) -> [StepRecord] {
        try read("list steps") { try StepRecord.filter(Column("dropID") == dropID).order(Column("completedAt")).fetchAll($0) }
    }

    // MARK: Audit

    /// Appends one event to the audit chain.
    public func appendAudit(_ event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("append audit") { db in try Self.append(event, at: time, in: db) }
    }

    /// The audit log, in order; optionally only the entries of one drop.
    public func auditEntries(dropID: String? = nil) throws(LedgerError) -> [AuditEntry] {
        try read("read audit") { db in
            var request = AuditEntry.order(Column("seq"))
            if let dropID { request = request.filter(Column("dropID") == dropID) }
            return try request.fetchAll(db)
        }
    }

    /// Walks the whole audit chain and returns every break: an edited entry, a removed one, a reordering.
    public func verifyAuditChain() throws(LedgerError) -> [AuditChainFault] {
        var faults: [AuditChainFault] = []
        var previous = AuditEntry.genesisHash
        var expectedSeq: Int64 = 1
        for entry in try auditEntries() {
            if entry.seq != expectedSeq { faults.append(.init(seq: entry.seq, reason: "expected entry \(expectedSeq): entries missing")) }
            if entry.previousHash != previous { faults.append(.init(seq: entry.seq, reason: "does not follow the entry before it")) }
            if entry.computedHash != entry.hash { faults.append(.init(seq: entry.seq, reason: "content does not match its hash")) }
            previous = entry.hash
            expectedSeq = entry.seq + 1
        }
        return faults
    }

    static func append(_ event: AuditEvent, at time: Date, in db: Database) throws {
        let last = try AuditEntry.order(Column("seq").desc).fetchOne(db)
        var entry = AuditEntry(
            seq: (last?.seq ?? 0) + 1, at: Timestamp.iso8601(time), event: event.event, dropID: event.dropID,
            actor: event.actor, host: event.host, key: event.key, details: AuditEntry.details(event.details),
            previousHash: last?.hash ?? AuditEntry.genesisHash, hash: ""
        )
        entry.hash = entry.computedHash
        try entry.insert(db)
    }
}
