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

    static func claim(_ row: LedgerRow) -> DropClaim? {
        guard case let .text(dropID) = row["dropID"], case let .text(stage) = row["stage"],
            case let .text(host) = row["holderHost"], case let .integer(pid) = row["holderPID"],
            case let .integer(token) = row["token"], case let .integer(until) = row["leaseUntil"]
        else { return nil }
        return DropClaim(dropID: dropID, stage: stage, holder: DropClaimHolder(host: host, pid: pid), token: token, leaseUntil: until)
    }
}

extension DropClaim {
    /// When the lease ends.
    public var leaseEnds: Date { Date(timeIntervalSince1970: Double(leaseUntil) / 1000) }
}
