import CardPrepCore
import CardPrepLedger
import Foundation

/// Replacement drops: a customer sends the records an earlier drop rejected again, in a new drop whose order
/// `replaces` the earlier order. Validate checks the replacement against the earlier order (`ReplacementOrderRule`)
/// and records what it sends per line; reconcile counts those cards toward the earlier order's lines once the
/// replacement drop is reconciled itself; `status` shows the lines still open with what is on its way.
public struct OrderReplacements {
    let ledger: Ledger

    /// Looks replacements up in `ledger`.
    public init(ledger: Ledger) { self.ledger = ledger }

    /// The states in which a drop waits for replacement records: its jobs are issued and it is not reconciled yet.
    public static let waitingStates: Set<DropState> = ShortClosing.states

    /// The drop of `customer` holding order `orderID` (other than `excluding`), preferring one that waits; nil when
    /// none does.
    public func drop(holding orderID: String, customer: String, excluding: String) throws -> DropRecord? {
        let candidates = try ledger.drops().filter { drop in
            drop.customer == customer && drop.id != excluding
                && (try? DropWorkFolder(path: drop.workPath).order())?.id == orderID
        }
        return candidates.first { Self.waitingStates.contains($0.state) } ?? candidates.max { $0.registeredAt < $1.registeredAt }
    }

    /// The earlier order `order.replaces` names, as the replacement rule sees it; nil when `order` replaces nothing or
    /// no drop of `customer` holds it.
    public func replacedOrder(for order: Order, customer: String, replacementDropID: String) throws -> (ReplacedOrder, DropRecord)? {
        guard let target = order.replaces, let drop = try drop(holding: target, customer: customer, excluding: replacementDropID) else {
            return nil
        }
        let manifest = try? DropWorkFolder(path: drop.workPath).jobManifest()
        let closed = Set(try ledger.shortClosures(dropID: drop.id).map(\.orderLine))
        let sent = try ledger.replacements(of: drop.id).filter { $0.alive && $0.record.replacementDropID != replacementDropID }
        let lines = (manifest?.lines ?? []).map { line in
            ReplacedOrder.Line(
                orderLine: line.orderLine, product: line.product, branch: line.branch, ordered: line.ordered, planned: line.accepted,
                replaced: sent.filter { $0.record.orderLine == line.orderLine }.reduce(0) { $0 + $1.record.cards },
                closedShort: closed.contains(line.orderLine))
        }
        let waiting = Self.waitingStates.contains(drop.state) && manifest != nil
        return (ReplacedOrder(orderID: target, drop: drop.label, state: drop.state.words, waiting: waiting, lines: lines), drop)
    }

    /// The cards made by reconciled replacement drops for the lines of `originalDropID`, by line.
    public func madeCards(for originalDropID: String) throws -> [Int: Int] {
        try ledger.replacements(of: originalDropID).filter(\.made).reduce(into: [:]) { $0[$1.record.orderLine, default: 0] += $1.record.cards }
    }

    /// The cards of live replacement drops not reconciled yet for the lines of `originalDropID`, by line.
    public func pendingCards(for originalDropID: String) throws -> [Int: Int] {
        try ledger.replacements(of: originalDropID).filter { $0.alive && !$0.made }
            .reduce(into: [:]) { $0[$1.record.orderLine, default: 0] += $1.record.cards }
    }

    /// What the reconciliation of `originalDropID` depends on in replacements: each one's drop, line, cards and whether
    /// it is made, one line each (empty when there are none).
    public func digestText(for originalDropID: String) throws -> String {
        try ledger.replacements(of: originalDropID).map {
            "\n\($0.record.replacementDropID) line \($0.record.orderLine) cards \($0.record.cards) made \($0.made)"
        }.joined()
    }
}
