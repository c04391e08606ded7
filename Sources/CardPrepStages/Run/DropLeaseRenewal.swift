import CardPrepLedger
import Foundation
import Logging

/// Keeps a claim's lease from running out while a stage works on the drop: a thread renews it every third of the
/// lease. A renewal that finds the claim lost (taken over after the lease ran out) marks the fence lost, so the stage's
/// next write is refused; a renewal the ledger cannot take (a dropped connection) is tried again at the next tick, and
/// the fence refuses the stage's write if the lease runs out meanwhile.
final class DropLeaseRenewal: @unchecked Sendable {
    private let claims: DropClaims
    private let fence: FencedLedgerStore
    private let lease: Double
    private let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var stopped = false
    private var finished = false

    /// Starts renewing `claim` on `claims`' store every `lease / 3` seconds.
    init(_ claim: DropClaim, claims: DropClaims, fence: FencedLedgerStore, lease: Double, logger: Logger) {
        self.claims = claims
        self.fence = fence
        self.lease = lease
        self.logger = logger
        let thread = Thread { [self] in renew(claim) }
        thread.name = "lease renewal"
        thread.start()
    }

    private func renew(_ first: DropClaim) {
        var claim = first
        defer {
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            let deadline = Date(timeIntervalSinceNow: lease / 3)
            while !stopped, condition.wait(until: deadline) {}
            let stop = stopped
            condition.unlock()
            if stop { return }
            do {
                claim = try claims.renew(claim, lease: lease, now: Date())
                fence.renewed(claim)
            } catch let lost as DropClaimLost {
                logger.warning(
                    "a drop's claim was lost while its stage worked on it",
                    metadata: [
                        "dropID": "\(lost.dropID.prefix(12))", "stage": "\(lost.stage)", "error": "\(lost)",
                    ])
                fence.markLost(lost)
                return
            } catch {
                logger.warning(
                    "the lease of a drop's claim could not be renewed; trying again",
                    metadata: [
                        "dropID": "\(claim.dropID.prefix(12))", "stage": "\(claim.stage)", "error": "\(error)",
                    ])
            }
        }
    }

    /// Stops renewing and waits for the thread to end.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
