import Foundation

/// Who holds a claim: a host and a process on it.
public struct DropClaimHolder: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let pid: Int64

    public init(host: String, pid: Int64) {
        self.host = host
        self.pid = pid
    }

    public var description: String { "\(host) (pid \(pid))" }
}

/// A worker's claim on one stage of one drop, for as long as its lease runs.
///
/// `token` is a fencing token: every claim gets a larger one than any before it, so a worker whose lease ran out and
/// was taken over holds a token the ledger no longer has, and its last write is refused (`DropClaims.checkFence`).
public struct DropClaim: Sendable, Hashable {
    public let dropID: String
    public let stage: String
    public let holder: DropClaimHolder
    public let token: Int64
    /// When the lease ends, in milliseconds since 1970.
    public let leaseUntil: Int64
}

/// A claim that is no longer the worker's.
public struct DropClaimLost: Error, CustomStringConvertible, Equatable {
    public let dropID: String
    public let stage: String
    public let token: Int64
    /// Who holds the drop's stage now, if anyone.
    public let heldBy: DropClaimHolder?

    public init(dropID: String, stage: String, token: Int64, heldBy: DropClaimHolder?) {
        self.dropID = dropID
        self.stage = stage
        self.token = token
        self.heldBy = heldBy
    }

    public var description: String {
        "the claim on \(stage) of drop \(dropID) (token \(token)) was lost"
            + (heldBy.map { ": \($0) holds it now" } ?? ": its lease ran out")
            + "; nothing of this stage was recorded, the holder finishes it"
    }
}

/// Claims of drops' stages by workers on several hosts, with leases, in the ledger (`dropClaim`).
///
/// A claim is one upsert in a write transaction: it takes a drop's stage that nobody holds or whose lease has run
/// out, with a new fencing token; the upsert's condition is checked on the row's latest version, so two workers never
/// take one claim. Claims, renewals and releases are written outside the ledger's write lock
/// (`writeOutsideLedgerLock`): a host committing a large stage does not hold up another host's lease. On PostgreSQL a
/// worker first locks the claim's row with `FOR UPDATE SKIP LOCKED`, so it passes over a drop another worker is
/// claiming that moment instead of waiting for it.
public struct DropClaims: Sendable {
    /// The ledger the claims are kept in.
    public let store: any LedgerStore

    public init(store: any LedgerStore) { self.store = store }

    /// Claims the first of `candidates` (drop and stage, in the order to work on them) that is free or whose lease
    /// has run out.
    /// - Parameters:
    ///   - lease: how long the claim holds unless renewed, in seconds.
    ///   - now: the time of the claim.
    /// - Returns: the claim, or nil when every candidate is held.
    public func claimNext(
        of candidates: [(dropID: String, stage: String)], holder: DropClaimHolder, lease: Double, now: Date
    ) throws -> DropClaim? {
        let nowMS = Self.milliseconds(now)
        let until = nowMS + Int64(lease * 1000)
        return try store.writeOutsideLedgerLock { transaction in
            for candidate in candidates {
                let key: [LedgerValue] = [.text(candidate.dropID), .text(candidate.stage)]
                if transaction.dialect == .postgres {
                    // The claim's row, locked unless another worker is claiming or renewing it this moment: then it
                    // is theirs, and the next candidate is tried instead of waiting (SKIP LOCKED).
                    try transaction.execute(
                        #"""
                        INSERT INTO "dropClaim" ("dropID", "stage", "holderHost", "holderPID", "token", "leaseUntil")
                        VALUES (?, ?, '', 0, 0, 0) ON CONFLICT ("dropID", "stage") DO NOTHING
                        """#, key)
                    let row = try transaction.row(
                        #"""
                        SELECT "leaseUntil" FROM "dropClaim" WHERE "dropID" = ? AND "stage" = ?
                        FOR UPDATE SKIP LOCKED
                        """#, key)
                    guard case let .integer(held)? = row?["leaseUntil"], held <= nowMS else { continue }
                }
                let token = try Self.nextToken(in: transaction)
                let taken = try transaction.row(
                    #"""
                    INSERT INTO "dropClaim" ("dropID", "stage", "holderHost", "holderPID", "token", "leaseUntil")
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT ("dropID", "stage") DO UPDATE SET "holderHost" = excluded."holderHost",
                        "holderPID" = excluded."holderPID", "token" = excluded."token", "leaseUntil" = excluded."leaseUntil"
                    WHERE "dropClaim"."leaseUntil" <= ?
                    RETURNING "token"
                    """#,
                    key + [.text(holder.host), .integer(holder.pid), .integer(token), .integer(until), .integer(nowMS)])
                if taken != nil {
                    return DropClaim(
                        dropID: candidate.dropID, stage: candidate.stage, holder: holder, token: token, leaseUntil: until)
                }
            }
            return nil
        }
    }

    /// Extends `claim`'s lease to `lease` seconds from `now`.
    /// - Throws: `DropClaimLost` when the lease ran out or another worker holds the claim now.
    public func renew(_ claim: DropClaim, lease: Double, now: Date) throws -> DropClaim {
        let until = Self.milliseconds(now) + Int64(lease * 1000)
        return try store.writeOutsideLedgerLock { transaction in
            try Self.checkFence(claim, now: now, in: transaction)
            try transaction.execute(
                #"UPDATE "dropClaim" SET "leaseUntil" = ? WHERE "dropID" = ? AND "stage" = ? AND "token" = ?"#,
                [.integer(until), .text(claim.dropID), .text(claim.stage), .integer(claim.token)])
            return DropClaim(
                dropID: claim.dropID, stage: claim.stage, holder: claim.holder, token: claim.token, leaseUntil: until)
        }
    }

    /// Gives `claim` up (its stage is done, or the worker stops); a claim already taken over is left to its holder.
    public func release(_ claim: DropClaim) throws {
        try store.writeOutsideLedgerLock { transaction in
            try transaction.execute(
                #"DELETE FROM "dropClaim" WHERE "dropID" = ? AND "stage" = ? AND "token" = ?"#,
                [.text(claim.dropID), .text(claim.stage), .integer(claim.token)])
        }
    }

    /// Refuses the transaction unless `claim` is still the worker's: the ledger holds its token and its lease runs
    /// past `now`. A stage calls it in the transaction of its final write, so a stage whose lease was lost records
    /// nothing.
    /// - Throws: `DropClaimLost`.
    ///
    /// On PostgreSQL the claim's row stays locked until the transaction ends, so no other worker can take the claim
    /// over between the check and the commit; the transaction must be a write.
    public static func checkFence(_ claim: DropClaim, now: Date, in transaction: any LedgerTransaction) throws {
        let lock = transaction.dialect == .postgres ? " FOR UPDATE" : ""
        let row = try transaction.row(
            #"SELECT "holderHost", "holderPID", "token", "leaseUntil" FROM "dropClaim" WHERE "dropID" = ? AND "stage" = ?"#
                + lock,
            [.text(claim.dropID), .text(claim.stage)])
        if let row, row["token"] == .integer(claim.token), case let .integer(until) = row["leaseUntil"],
            until > milliseconds(now)
        {
            return
        }
        var holder: DropClaimHolder?
        if let row, case let .text(host) = row["holderHost"], case let .integer(pid) = row["holderPID"],
            row["token"] != .integer(claim.token)
        {
            holder = DropClaimHolder(host: host, pid: pid)
        }
        throw DropClaimLost(dropID: claim.dropID, stage: claim.stage, token: claim.token, heldBy: holder)
    }

    /// A fencing token larger than any handed out before, from the ledger's counter (`dropClaimToken`).
    static func nextToken(in transaction: any LedgerTransaction) throws -> Int64 {
        guard
            case let .integer(token)? = try transaction.row(
                #"UPDATE "dropClaimToken" SET "last" = "last" + 1 WHERE "id" = 1 RETURNING "last""#, [])?[0]
        else { throw LedgerError.notFound(what: "dropClaimToken row") }
        return token
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}
