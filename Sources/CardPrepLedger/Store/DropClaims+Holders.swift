import Foundation

extension DropClaims {
    /// Every claim whose lease runs past `now`, by drop and stage.
    public func live(now: Date) throws -> [DropClaim] {
        try store.read { transaction in
            try transaction.rows(
                #"""
                SELECT "dropID", "stage", "holderHost", "holderPID", "token", "leaseUntil" FROM "dropClaim"
                WHERE "leaseUntil" > ? ORDER BY "dropID", "stage"
                """#, [.integer(Self.milliseconds(now))]
            ).compactMap(Self.claim)
        }
    }

    /// The live claim on `stage` of `dropID`, if anyone holds it at `now`.
    public func holder(of dropID: String, stage: String, now: Date) throws -> DropClaim? {
        try store.read { transaction in
            try transaction.row(
                #"""
                SELECT "dropID", "stage", "holderHost", "holderPID", "token", "leaseUntil" FROM "dropClaim"
                WHERE "dropID" = ? AND "stage" = ? AND "leaseUntil" > ?
                """#, [.text(dropID), .text(stage), .integer(Self.milliseconds(now))]
            ).flatMap(Self.claim)
        }
    }

    /// Takes over `held`, a live claim of a worker known to be gone (a process of this host that no longer runs,
    /// while this one holds the host's pipeline lock), without waiting for its lease to run out: with a new fencing
    /// token, so the gone worker's writes stay refused.
    /// - Returns: the new claim, or nil when `held` is no longer the claim in the ledger (renewed, released, taken).
    public func takeOver(_ held: DropClaim, holder: DropClaimHolder, lease: Double, now: Date) throws -> DropClaim? {
        let until = Self.milliseconds(now) + Int64(lease * 1000)
        return try store.writeOutsideLedgerLock { transaction in
            let token = try Self.nextToken(in: transaction)
            let taken = try transaction.row(
                #"""
                UPDATE "dropClaim" SET "holderHost" = ?, "holderPID" = ?, "token" = ?, "leaseUntil" = ?
                WHERE "dropID" = ? AND "stage" = ? AND "token" = ? RETURNING "token"
                """#,
                [
                    .text(holder.host), .integer(holder.pid), .integer(token), .integer(until), .text(held.dropID),
                    .text(held.stage), .integer(held.token),
                ])
            guard taken != nil else { return nil }
            return DropClaim(dropID: held.dropID, stage: held.stage, holder: holder, token: token, leaseUntil: until)
        }
    }

    static func claim(_ row: LedgerRow) -> DropClaim? {
        guard case let .text(dropID) = row["dropID"], case let .text(stage) = row["stage"],
            case let .text(host) = row["holderHost"], case let .integer(pid) = row["holderPID"],
            case let .integer(token) = row["token"], case let .integer(until) = row["leaseUntil"]
        else { return nil }
        return DropClaim(
            dropID: dropID, stage: stage, holder: DropClaimHolder(host: host, pid: pid), token: token, leaseUntil: until)
    }
}

extension DropClaim {
    /// When the lease ends.
    public var leaseEnds: Date { Date(timeIntervalSince1970: Double(leaseUntil) / 1000) }
}
