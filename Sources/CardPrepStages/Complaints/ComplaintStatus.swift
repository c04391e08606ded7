import CardPrepLedger
import Foundation

/// The open complaints of a pipeline, as `cardprep status` shows them: how many, and the oldest (by when it was
/// received) with its age.
public struct ComplaintStatus: Sendable, Encodable {
    /// The oldest open complaint.
    public struct Oldest: Sendable, Encodable {
        public var id: String
        public var customer: String
        public var receivedAt: Date
        public var ageSeconds: Int
    }

    /// How many complaints are open.
    public var open = 0
    /// The oldest open one; nil when none is.
    public var oldest: Oldest?

    /// Reads them from the ledger at `now`.
    public static func collect(ledger: Ledger, now: Date) throws -> ComplaintStatus {
        let open = try ledger.complaints().filter { $0.state == .open }.map(\.complaint)
        guard let first = open.min(by: { ($0.receivedAt, $0.year, $0.number) < ($1.receivedAt, $1.year, $1.number) }) else {
            return ComplaintStatus()
        }
        return ComplaintStatus(
            open: open.count,
            oldest: Oldest(
                id: first.id, customer: first.customer, receivedAt: first.receivedAt,
                ageSeconds: max(0, Int(now.timeIntervalSince(first.receivedAt)))))
    }

    /// `complaints: 2 open, oldest CMP-2026-0001 (cust-01) received 3d 2h ago`; nil when none is open.
    public var line: String? {
        guard let oldest else { return nil }
        return
            "complaints: \(open) open, oldest \(oldest.id) (\(oldest.customer)) received \(DropAttention.age(oldest.ageSeconds)) ago"
    }
}
