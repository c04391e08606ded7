import CardPrepCore
import Foundation
import GRDB

/// What a SQLite ledger holds of card numbers, read with prepared statements inside one access closure: a number's first
/// cards by its lookup (`cardFingerprintLookup`, one index probe) and by the sets not merged into it yet
/// (`cardFingerprintPending`), then its later cards (`cardFingerprintLater`).
///
/// A pending set is read in one of two ways, whichever touches fewer rows: one probe a fingerprint, or, for a batch in
/// ascending order, one scan of the set's rows between the batch's first and last fingerprint (fingerprints are
/// spread evenly, so the set's size tells how many rows that is).
struct SQLiteFingerprintProbe {
    private let lookup: SQLiteRows
    private let later: SQLiteRows
    private let pendingCard: SQLiteRows
    private let pendingRange: SQLiteRows
    /// The sets not merged into the lookup, with how many cards each holds, by set id.
    let pending: [(setID: Int64, cards: Int64)]

    /// Prepares the statements and reads which sets are pending.
    /// - Throws: `DatabaseError` when SQLite refuses a statement.
    init(in db: Database) throws {
        lookup = try SQLiteRows("SELECT panSequence, expiry FROM cardFingerprintLookup WHERE fingerprint = ?", in: db)
        later = try SQLiteRows("SELECT panSequence, expiry FROM cardFingerprintLater WHERE fingerprint = ?", in: db)
        pendingCard = try SQLiteRows(
            "SELECT panSequence, expiry FROM cardFingerprint WHERE setID = ? AND fingerprint = ?", in: db)
        pendingRange = try SQLiteRows(
            "SELECT panSequence, expiry, fingerprint FROM cardFingerprint WHERE setID = ? AND fingerprint BETWEEN ? AND ?", in: db
        )
        pending = try Row.fetchAll(db, sql: "SELECT setID, cards FROM cardFingerprintPending ORDER BY setID").map {
            (setID: $0[0], cards: $0[1])
        }
    }

    /// What earlier drops had of each of `fingerprints`, one answer per fingerprint, in order: the number's first cards,
    /// then its later cards.
    func earlierCards(_ fingerprints: [CardFingerprint]) throws -> [EarlierCards] {
        var answers = [EarlierCards](repeating: .none, count: fingerprints.count)
        for index in fingerprints.indices {
            try Self.collect(lookup, binding: fingerprints[index].bytes, at: 1, into: &answers[index])
        }
        if !pending.isEmpty { try collectPending(fingerprints, into: &answers) }
        for index in fingerprints.indices {
            try Self.collect(later, binding: fingerprints[index].bytes, at: 1, into: &answers[index])
        }
        return answers
    }

    /// The first cards of the number with `fingerprint` in every set, merged or pending: what a card of it is compared
    /// with when it is recorded.
    func firstCards(of fingerprint: CardFingerprint) throws -> EarlierCards {
        var held = EarlierCards.none
        let key = fingerprint.bytes
        try Self.collect(lookup, binding: key, at: 1, into: &held)
        for set in pending {
            try pendingCard.bind(set.setID, at: 1)
            try Self.collect(pendingCard, binding: key, at: 2, into: &held)
        }
        return held
    }

    /// Adds the pending sets' cards of `fingerprints` to `answers`.
    private func collectPending(_ fingerprints: [CardFingerprint], into answers: inout [EarlierCards]) throws {
        var order = Array(fingerprints.indices)
        if zip(fingerprints, fingerprints.dropFirst()).contains(where: { $0 > $1 }) {
            order.sort { fingerprints[$0] < fingerprints[$1] }
        }
        guard let low = order.first.map({ fingerprints[$0] }), let high = order.last.map({ fingerprints[$0] }) else { return }
        // The share of all fingerprints that lie between the batch's first and last.
        let share = (Double(high.leadingWord - low.leadingWord) + 1) / 0x1p64
        for set in pending {
            // A probe costs some ten rows of a scan.
            if Double(set.cards) * share > 10 * Double(fingerprints.count) {
                try pendingCard.bind(set.setID, at: 1)
                for index in fingerprints.indices {
                    try Self.collect(pendingCard, binding: fingerprints[index].bytes, at: 2, into: &answers[index])
                }
                continue
            }
            try pendingRange.bind(set.setID, at: 1)
            try pendingRange.bind(low.bytes, at: 2)
            try pendingRange.bind(high.bytes, at: 3)
            var next = 0
            while try pendingRange.next() {
                guard let held = pendingRange.fingerprint(2) else { continue }
                while next < order.count, fingerprints[order[next]] < held { next += 1 }
                var same = next
                while same < order.count, fingerprints[order[same]] == held {
                    Self.add(pendingRange, to: &answers[order[same]])
                    same += 1
                }
            }
        }
    }

    /// Binds `key` at `index` of `query`, steps through its rows (PAN sequence number and expiry first) and adds each.
    private static func collect(_ query: SQLiteRows, binding key: [UInt8], at index: Int32, into held: inout EarlierCards) throws
    {
        try query.bind(key, at: index)
        while try query.next() { add(query, to: &held) }
    }

    /// Adds the current row's card (PAN sequence number in column 0, expiry in column 1) to `held`.
    private static func add(_ query: SQLiteRows, to held: inout EarlierCards) {
        if let panSequence = query.integer(0), let expiry = query.integer(1),
            let issue = CardIssue(panSequence: Int(panSequence), expiry: Int(expiry))
        {
            held.issues.append(issue)
        } else {
            held.includesUnknown = true
        }
    }
}
