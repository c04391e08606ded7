import Foundation
import Synchronization

/// A view of a ledger store that fences every write while a worker holds a claim: each write transaction first checks
/// (`DropClaims.checkFence`) that the claim is still the worker's, in the same transaction, and is refused with
/// `DropClaimLost` otherwise. So every record a stage writes while it works on a claimed drop is fenced without the
/// stage knowing about claims.
///
/// Reads and writes without a fence in place go straight to the store. The transaction handed to a write is the
/// store's own, so operations written for one database keep their own path.
public final class FencedLedgerStore: LedgerStore {
    /// The store underneath, unfenced: claims are taken, renewed and released on it.
    public let base: any LedgerStore
    private let state = Mutex<Fence>(Fence())

    private struct Fence {
        var claim: DropClaim?
        var lost: DropClaimLost?
    }

    /// Wraps `base`.
    public init(base: any LedgerStore) { self.base = base }

    public var dialect: LedgerDialect { base.dialect }
    public var location: String { base.location }

    /// The claim every write is fenced by, nil for none.
    public var claim: DropClaim? { state.withLock { $0.claim } }

    /// Why the current claim was lost, once a write (or a renewal, `markLost`) found it lost; nil while it holds.
    public var lost: DropClaimLost? { state.withLock { $0.lost } }

    /// Fences every write by `claim` until `clear()`.
    public func fence(by claim: DropClaim) { state.withLock { $0 = Fence(claim: claim, lost: nil) } }

    /// Replaces the fence's claim by its renewal (same token, longer lease); a claim lost meanwhile stays lost.
    public func renewed(_ claim: DropClaim) {
        state.withLock { if $0.claim?.token == claim.token { $0.claim = claim } }
    }

    /// Records that the current claim was lost (a renewal found it taken over or run out).
    public func markLost(_ lost: DropClaimLost) {
        state.withLock { if $0.claim?.token == lost.token, $0.lost == nil { $0.lost = lost } }
    }

    /// Ends the fence: writes go straight to the store again.
    /// - Returns: why the claim was lost, if it was.
    @discardableResult
    public func clear() -> DropClaimLost? {
        state.withLock { fence in
            defer { fence = Fence() }
            return fence.lost
        }
    }

    public func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T { try base.read(body) }

    /// Claims and leases, which are not the stage's records: straight to the store, unfenced.
    public func writeOutsideLedgerLock<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try base.writeOutsideLedgerLock(body)
    }

    public func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        guard let claim = self.claim else { return try base.write(body) }
        do {
            return try base.write { transaction in
                // The lease is a time every host compares with its own clock, so it is the wall clock's, never a
                // run's fixed clock.
                try DropClaims.checkFence(claim, now: Date(), in: transaction)
                return try body(transaction)
            }
        } catch let lost as DropClaimLost {
            markLost(lost)
            throw lost
        }
    }
}
