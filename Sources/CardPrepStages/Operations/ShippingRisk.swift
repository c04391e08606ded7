import CardPrepCore
import CardPrepLedger
import Foundation

/// An order whose cards may not reach the customer in time: its shipping plan cannot meet the due date, or the due
/// date has passed and its cards are not dispatched (the drop is not reconciled yet). `cardprep status` lists them,
/// the late ones first.
public struct ShippingRisk: Sendable, Encodable, Equatable {
    /// What is at risk.
    public enum Kind: String, Sendable, Encodable {
        /// The plan made when the jobs were issued cannot arrive by the due date, or no carrier rule takes a shipment.
        case cannotMeetDueDate = "cannot-meet-due-date"
        /// The due date has passed and the cards are not dispatched.
        case pastDue = "past-due"
    }

    public var kind: Kind
    public var dropID: String
    public var customer: String
    public var drop: String
    public var order: String
    public var state: DropState
    public var priority: DeliveryPriority
    public var dueDate: CalendarDate
    /// What stands in the way (the plan's problems), or how long past the due date.
    public var problems: [String]
    /// Since when the risk is known: the plan's day for a plan that cannot meet its due date, the day after the due
    /// date for an order past due.
    public var since: Date
    public var ageSeconds: Int

    /// The drop states in which an order's cards are not dispatched as far as the ledger knows: its jobs are issued and
    /// its deliveries are not reconciled yet.
    public static let undispatched: Set<DropState> = [.jobsIssued, .inProduction, .discrepancy, .onHold, .failed]

    /// The risks of every shipping plan whose drop is not dispatched, at `now`: late orders first, oldest first.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    public static func collect(ledger: Ledger, now: Date) throws -> [ShippingRisk] {
        let today = CalendarDate(utcDayOf: now)
        var risks: [ShippingRisk] = []
        for plan in try ledger.shippingPlans() {
            guard let drop = try ledger.drop(id: plan.dropID), undispatched.contains(drop.state) else { continue }
            func risk(_ kind: Kind, problems: [String], since: Date) -> ShippingRisk {
                ShippingRisk(kind: kind, dropID: drop.id, customer: drop.customer, drop: drop.name, order: plan.orderID, state: drop.state,
                             priority: plan.priority, dueDate: plan.dueDate, problems: problems, since: since,
                             ageSeconds: max(0, Int(now.timeIntervalSince(since))))
            }
            if today > plan.dueDate {
                let since = start(of: plan.dueDate).addingTimeInterval(86_400)
                risks.append(risk(.pastDue, problems: ["\(plan.cards) card(s) due \(plan.dueDate) are not dispatched"], since: since))
            } else if !plan.meetsDueDate {
                risks.append(risk(.cannotMeetDueDate, problems: plan.problems.map(\.description), since: start(of: plan.plannedOn)))
            }
        }
        return risks.sorted { ($0.kind == .pastDue ? 0 : 1, $0.since, $0.dropID) < ($1.kind == .pastDue ? 0 : 1, $1.since, $1.dropID) }
    }

    /// Midnight UTC at the start of `day`.
    static func start(of day: CalendarDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    /// `PAST DUE 14d 3h  cust-01/drop-20261101-01 (204e54c8) order ORD-20261101-01, standard, due 2026-11-15, in production`.
    public var line: String {
        let what = kind == .pastDue ? "PAST DUE \(DropAttention.age(ageSeconds))" : "CANNOT MEET due date (planned \(DropAttention.age(ageSeconds)) ago)"
        return "\(what)  \(customer)/\(drop) (\(dropID.prefix(8))) order \(order), \(priority.rawValue), due \(dueDate), \(state.words)"
    }
}
