import CardPrepLedger
import Foundation
import Logging

/// How a run claims its work, so that several workers on one ledger (hosts sharing a PostgreSQL ledger, or processes
/// on one host) take each drop's stage once.
///
/// Before a stage works on a drop the worker claims (drop, stage) with a lease (`lease_seconds`), renews the lease
/// while it works (`DropLeaseRenewal`) and releases the claim when it is done, on failure too. While the claim is
/// held every write to the ledger goes through a fence (`FencedLedgerStore`), so a stage whose claim was taken over
/// records nothing: its writes are refused in their own transaction.
struct DropClaiming {
    /// The ledger as stages see it: writes are fenced while a claim is held.
    let ledger: Ledger
    let fence: FencedLedgerStore
    let claims: DropClaims
    let holder: DropClaimHolder
    /// The lease, in seconds.
    let lease: Double
    let logger: Logger

    /// What became of a piece of claimed work.
    enum Outcome<T> {
        /// The work ran under the claim and returned `T`.
        case done(T)
        /// Another live worker holds the claim; nothing was done.
        case heldElsewhere(DropClaimHolder)
        /// The claim was lost while the work ran; what it tried to write was refused.
        case refused(DropClaimLost)
    }

    /// Claims for the worker `holder` over `ledger`'s store.
    init(ledger: Ledger, holder: DropClaimHolder, lease: Double, logger: Logger) {
        let fence = FencedLedgerStore(base: ledger.store)
        self.fence = fence
        self.ledger = Ledger(store: fence)
        self.claims = DropClaims(store: ledger.store)
        self.holder = holder
        self.lease = lease
        self.logger = logger
    }

    /// Claims `stage` of `dropID`: when nobody holds it or its lease has run out, or when another process of this host
    /// holds it. That process is gone: a run holds its host's pipeline lock (the only one, on a ledger that is not
    /// shared) for as long as it works, and this run holds it now. So a worker killed on this host leaves its drop to
    /// the next run on the host at once, not a lease later.
    private func claim(dropID: String, stage: String) throws -> DropClaim? {
        if let claim = try claims.claimNext(of: [(dropID, stage)], holder: holder, lease: lease, now: Date()) { return claim }
        guard let held = try claims.holder(of: dropID, stage: stage, now: Date()), held.holder.host == holder.host,
            held.holder.pid != holder.pid,
            let claim = try claims.takeOver(held, holder: holder, lease: lease, now: Date())
        else { return nil }
        logger.warning(
            "took over a drop's claim from a process of this host that no longer runs",
            metadata: [
                "dropID": "\(dropID.prefix(12))", "stage": "\(stage)", "pid": "\(held.holder.pid)",
            ])
        return claim
    }

    /// Checks, before a step that would destroy what a new holder may have made (a work folder, a data key), that the
    /// claim in place is still this worker's; a worker that stalled past its lease stops there.
    /// - Throws: `DropClaimLost` (and marks the claim lost) when it is not.
    func checkStillHeld() throws {
        guard let claim = fence.claim else { return }
        do {
            try claims.store.writeOutsideLedgerLock { try DropClaims.checkFence(claim, now: Date(), in: $0) }
        } catch let lost as DropClaimLost {
            fence.markLost(lost)
            throw lost
        }
    }

    /// What workers on other hosts hold live claims on now (drop ids and the other keys claims are taken under).
    func heldOnOtherHosts() throws -> Set<String> {
        Set(try claims.live(now: Date()).filter { $0.holder.host != holder.host }.map(\.dropID))
    }

    /// This process on `host`.
    static func thisProcess(host: String) -> DropClaimHolder {
        DropClaimHolder(host: host, pid: Int64(ProcessInfo.processInfo.processIdentifier))
    }

    /// Runs `work` while holding the claim on `stage` of `dropID`.
    /// - Returns: `.heldElsewhere` when another live worker holds it; `.refused` when the claim was lost and a write
    ///   was refused (or the work failed after the loss); `.done` otherwise.
    /// - Throws: what `work` throws while the claim holds; ledger errors taking the claim.
    func withClaim<T>(dropID: String, stage: String, _ work: () throws -> T) throws -> Outcome<T> {
        guard let claim = try claim(dropID: dropID, stage: stage) else {
            if let held = try claims.holder(of: dropID, stage: stage, now: Date()) { return .heldElsewhere(held.holder) }
            // Released between the claim and the look: someone else just finished it; the next run sees where it is.
            return .heldElsewhere(DropClaimHolder(host: "another worker", pid: 0))
        }
        fence.fence(by: claim)
        let renewal = DropLeaseRenewal(claim, claims: claims, fence: fence, lease: lease, logger: logger)
        defer {
            renewal.stop()
            let lost = fence.clear()
            if lost == nil {
                do { try claims.release(claim) } catch {
                    logger.warning(
                        "a drop's claim could not be released; its lease runs out",
                        metadata: [
                            "dropID": "\(dropID.prefix(12))", "stage": "\(stage)", "error": "\(error)",
                        ])
                }
            }
        }
        do {
            return .done(try work())
        } catch {
            if let lost = fence.lost { return .refused(lost) }
            throw error
        }
    }
}
