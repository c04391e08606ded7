import CardPrepCore
import Foundation

/// The pipeline's ledger: drops, deliveries, quarantine, stage completions and the hash-chained audit log, in one
/// `LedgerStore` (a SQLite file by default, or a PostgreSQL database several hosts share). Writes are transactions:
/// a crash leaves either the whole change or none of it.
public final class Ledger: Sendable {
    /// Where the ledger's data lives.
    public let store: any LedgerStore
    /// The database file, or the store's location as people name it.
    public let path: String

    /// Opens (creating if needed) the SQLite ledger at `path` and brings its schema up to date.
    /// - Parameter readOnly: open without writing anything: an existing ledger read-only (it must be up to date), or,
    ///   when there is none yet, an empty one in memory. For dry runs.
    /// - Throws: `LedgerError.open` when the file cannot be opened or migrated.
    public convenience init(path: String, readOnly: Bool = false) throws(LedgerError) {
        self.init(store: try SQLiteLedgerStore(path: path, readOnly: readOnly))
    }

    /// Uses a store opened and brought up to date by its own means.
    public init(store: any LedgerStore) {
        self.store = store
        self.path = store.location
    }

    func read<T>(_ operation: String, _ body: (any LedgerTransaction) throws -> T) throws(LedgerError) -> T {
        do { return try store.read(body) } catch let error as LedgerError { throw error } catch {
            throw .query(operation: operation, reason: "\(error)")
        }
    }

    func write<T>(_ operation: String, _ body: (any LedgerTransaction) throws -> T) throws(LedgerError) -> T {
        do { return try store.write(body) } catch let error as LedgerError { throw error } catch {
            throw .query(operation: operation, reason: "\(error)")
        }
    }

    // MARK: Drops

    /// The drop registered under `id`, if any.
    public func drop(id: String) throws(LedgerError) -> DropRecord? {
        try read("read drop") { try DropRecord.find(id, in: $0) }
    }

    /// Every registered drop, oldest first.
    public func drops() throws(LedgerError) -> [DropRecord] {
        try read("list drops") { try $0.records(DropRecord.self, #"SELECT * FROM "drop" ORDER BY "registeredAt", "id""#) }
    }

    /// Registers a newly ingested drop (received, then ingested) with its first delivery, its ingest step and its
    /// custody events, in one transaction. A drop released from quarantine is taken on under its existing record.
    public func registerIngestedDrop(
        _ drop: DropRecord, delivery: DeliveryRecord, step: StepRecord, events: [AuditEvent], actor: String, host: String, at time: Date
    ) throws(LedgerError) {
        try write("register drop \(drop.id)") { transaction in
            _ = try Self.register(drop, actor: actor, host: host, at: time, in: transaction)
            try transaction.insert(delivery)
            try transaction.save(step)
            for event in events { try Self.append(event, at: time, in: transaction) }
            _ = try Self.apply(
                DropTransition(dropID: drop.id, action: .ingest, actor: actor, host: host, reason: step.summary), at: time, in: transaction)
        }
    }

    /// Records a repeated delivery of a registered drop; a second call for the same `keptAt` changes nothing.
    public func recordDuplicateDelivery(_ delivery: DeliveryRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record duplicate delivery") { transaction in
            guard try transaction.integer(#"SELECT COUNT(*) FROM "delivery" WHERE "keptAt" = ?"#, [.text(delivery.keptAt)]) == 0
            else { return }
            try transaction.insert(delivery)
            try Self.append(event, at: time, in: transaction)
        }
    }

    /// Every delivery of a drop, first one first.
    public func deliveries(of dropID: String) throws(LedgerError) -> [DeliveryRecord] {
        try read("list deliveries") {
            try $0.records(DeliveryRecord.self, #"SELECT * FROM "delivery" WHERE "dropID" = ? ORDER BY "seq""#, [.text(dropID)])
        }
    }

    /// Every delivery, in order of arrival.
    public func allDeliveries() throws(LedgerError) -> [DeliveryRecord] {
        try read("list deliveries") { try $0.records(DeliveryRecord.self, #"SELECT * FROM "delivery" ORDER BY "seq""#) }
    }

    // MARK: Quarantine

    /// Records a quarantined drop: the drop in state `quarantined` (registered first when new), the quarantine record
    /// and its audit event, in one transaction. A second call for the same `keptAt` changes nothing.
    /// - Parameter drop: the drop as registered; its id is the manifest digest.
    public func recordQuarantine(_ record: QuarantineRecord, drop: DropRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record quarantine") { transaction in
            guard try transaction.integer(#"SELECT COUNT(*) FROM "quarantine" WHERE "keptAt" = ?"#, [.text(record.keptAt)]) == 0
            else { return }
            var kept = record
            kept.dropID = drop.id
            if var existing = try DropRecord.find(drop.id, in: transaction), existing.state == .quarantined {
                // The same drop delivered again and refused again: kept a second time, still quarantined.
                existing.originalsPath = record.keptAt
                try transaction.update(existing)
                _ = try transaction.insert(kept, generating: "seq")
                try Self.append(event, at: time, in: transaction)
                return
            }
            _ = try Self.register(drop, actor: event.actor, host: event.host, at: time, in: transaction)
            _ = try transaction.insert(kept, generating: "seq")
            try Self.append(event, at: time, in: transaction)
            _ = try Self.apply(
                DropTransition(dropID: drop.id, action: .quarantine, actor: event.actor, host: event.host,
                               reason: "\(record.reasonCode): \(record.message)"),
                at: time, in: transaction)
        }
    }

    /// The unreleased quarantine record of a drop, if any.
    public func quarantineRecord(dropID: String) throws(LedgerError) -> QuarantineRecord? {
        try read("read quarantine") {
            try $0.record(
                QuarantineRecord.self, #"SELECT * FROM "quarantine" WHERE "dropID" = ? AND "released" = 0 ORDER BY "seq" DESC"#,
                [.text(dropID)])
        }
    }

    /// Quarantined drops not yet released, oldest first.
    public func quarantined() throws(LedgerError) -> [QuarantineRecord] {
        try read("list quarantine") {
            try $0.records(QuarantineRecord.self, #"SELECT * FROM "quarantine" WHERE "released" = 0 ORDER BY "seq""#)
        }
    }

    /// Marks a quarantined drop as released for another try (quarantined → received) and records who released it.
    /// - Throws: `LedgerError.notFound` when no unreleased quarantine record is kept at `keptAt`.
    public func releaseQuarantine(
        keptAt: String, transition: DropTransition, event: AuditEvent, statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) {
        let found: Bool = try write("release quarantine") { transaction in
            guard var record = try transaction.record(
                QuarantineRecord.self, #"SELECT * FROM "quarantine" WHERE "keptAt" = ? AND "released" = 0"#, [.text(keptAt)])
            else { return false }
            record.released = true
            try transaction.update(record)
            if let statement { try Self.record(statement, in: transaction) }
            try Self.append(event, at: time, in: transaction)
            _ = try Self.apply(transition, at: time, in: transaction)
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
        try read("list steps") {
            try $0.records(StepRecord.self, #"SELECT * FROM "step" WHERE "dropID" = ? ORDER BY "completedAt""#, [.text(dropID)])
        }
    }

    // MARK: Audit

    /// Appends one event to the audit chain.
    public func appendAudit(_ event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("append audit") { transaction in try Self.append(event, at: time, in: transaction) }
    }

    /// The audit log, in order; optionally only the entries of one drop.
    public func auditEntries(dropID: String? = nil) throws(LedgerError) -> [AuditEntry] {
        try read("read audit") { transaction in
            if let dropID {
                return try transaction.records(AuditEntry.self, #"SELECT * FROM "audit" WHERE "dropID" = ? ORDER BY "seq""#, [.text(dropID)])
            }
            return try transaction.records(AuditEntry.self, #"SELECT * FROM "audit" ORDER BY "seq""#)
        }
    }

    /// Walks the whole audit chain and returns every break: an edited entry, a removed one, a reordering. The entries
    /// are read one at a time, so a long log takes no more memory than a short one.
    public func verifyAuditChain() throws(LedgerError) -> [AuditChainFault] {
        try read("verify the audit chain") { transaction in
            var faults: [AuditChainFault] = []
            var previous = AuditEntry.genesisHash
            var expectedSeq: Int64 = 1
            try transaction.forEachRow(#"SELECT * FROM "audit" ORDER BY "seq""#, []) { row in
                let entry = try AuditEntry(row: row)
                if entry.seq != expectedSeq {
                    faults.append(.init(seq: entry.seq, reason: "expected entry \(expectedSeq): entries missing"))
                }
                if entry.previousHash != previous { faults.append(.init(seq: entry.seq, reason: "does not follow the entry before it")) }
                if entry.computedHash != entry.hash { faults.append(.init(seq: entry.seq, reason: "content does not match its hash")) }
                previous = entry.hash
                expectedSeq = entry.seq + 1
            }
            return faults
        }
    }

    static func append(_ event: AuditEvent, at time: Date, in transaction: any LedgerTransaction) throws {
        let last = try AuditEntry.last(in: transaction)
        var entry = AuditEntry(
            seq: (last?.seq ?? 0) + 1, at: Timestamp.iso8601(time), event: event.event, dropID: event.dropID,
            actor: event.actor, host: event.host, key: event.key, details: AuditEntry.details(event.details),
            previousHash: last?.hash ?? AuditEntry.genesisHash, hash: ""
        )
        entry.hash = entry.computedHash
        try transaction.insert(entry)
    }
}

extension DropRecord {
    /// The drop registered under `id` in a transaction, if any.
    static func find(_ id: String, in transaction: any LedgerTransaction) throws -> DropRecord? {
        try transaction.record(DropRecord.self, #"SELECT * FROM "drop" WHERE "id" = ?"#, [.text(id)])
    }
}

extension AuditEntry {
    /// The last entry of the audit log in a transaction, if any.
    static func last(in transaction: any LedgerTransaction) throws -> AuditEntry? {
        try transaction.record(AuditEntry.self, #"SELECT * FROM "audit" ORDER BY "seq" DESC LIMIT 1"#)
    }
}
