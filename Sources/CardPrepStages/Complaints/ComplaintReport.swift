import CardPrepCore
import CardPrepLedger
import Foundation

/// The complaints received in a period (optionally one customer's): how many, how many are open and closed as of
/// when the report is made, the median time from received to closed, the closed ones by cause and by responsible
/// department, and the same per customer. The per-customer counts add up to the totals.
public struct ComplaintReport: Sendable, Encodable {
    /// One customer's figures.
    public struct CustomerFigures: Sendable, Encodable {
        public var customer: String
        public var figures: ComplaintFigures

        public func encode(to encoder: any Encoder) throws {
            try figures.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(customer, forKey: .customer)
        }

        enum Key: String, CodingKey { case customer }
    }

    public var period: ComplaintPeriod
    /// The one customer reported on; nil: every customer.
    public var customer: String?
    /// When the report was made: complaints closed by then count as closed.
    public var asOf: Date
    public var figures: ComplaintFigures
    /// Per customer, in the order of their names.
    public var customers: [CustomerFigures]
    /// The complaints counted, in order of their ids.
    public var complaints: [String]

    /// The report of `files` received in `period`.
    public init(files: [ComplaintFile], period: ComplaintPeriod, customer: String?, asOf: Date) {
        let counted = files.filter {
            period.contains($0.complaint.receivedAt) && (customer == nil || $0.complaint.customer == customer)
        }
        self.period = period; self.customer = customer; self.asOf = asOf
        figures = ComplaintFigures(counted.map(Self.entry))
        customers = Set(counted.map(\.complaint.customer)).sorted().map { name in
            CustomerFigures(
                customer: name, figures: ComplaintFigures(counted.filter { $0.complaint.customer == name }.map(Self.entry)))
        }
        complaints = counted.map(\.complaint.id)
    }

    private static func entry(_ file: ComplaintFile) -> ComplaintFigures.Entry {
        ComplaintFigures.Entry(
            receivedAt: file.complaint.receivedAt, closedAt: file.closure?.closedAt, cause: file.closure?.cause,
            department: file.closure?.responsibleDepartment)
    }

    /// The report for people.
    public var text: String {
        var lines = [
            "complaints received in \(period.name)\(customer.map { " from \($0)" } ?? ""), as of \(Timestamp.iso8601(asOf)):",
            "  \(Self.words(figures))",
        ]
        if !customers.isEmpty { lines.append("per customer:") }
        let width = customers.map(\.customer.count).max() ?? 0
        for entry in customers {
            lines.append(
                "  \(entry.customer.padding(toLength: width, withPad: " ", startingAt: 0))  \(Self.words(entry.figures))")
        }
        for (title, counts) in [("per cause", figures.causes), ("per responsible department", figures.departments)]
        where !counts.isEmpty {
            lines.append("\(title) (closed):")
            let width = counts.map(\.name.count).max() ?? 0
            lines += counts.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.closed)" }
        }
        if !complaints.isEmpty { lines.append("complaints: \(complaints.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    /// `received 3: 1 open, 2 closed; median time to close 1d 2h`.
    static func words(_ figures: ComplaintFigures) -> String {
        "received \(figures.received): \(figures.open) open, \(figures.closed) closed; median time to close "
            + (figures.medianSecondsToClose.map(DropAttention.age) ?? "-")
    }

    enum Key: String, CodingKey { case period, from, until, customer, asOf, customers, complaints }

    /// `period`, `from`, `until`, `customer` (when one), `asOf`, the figures' keys (`received`, `open`, `closed`,
    /// `medianSecondsToClose`, `causes`, `departments`), `customers` (each with the same keys and `customer`) and
    /// `complaints`.
    public func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(period.name, forKey: .period)
        try container.encode(period.from, forKey: .from)
        try container.encode(period.until, forKey: .until)
        try container.encodeIfPresent(customer, forKey: .customer)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(customers, forKey: .customers)
        try container.encode(complaints, forKey: .complaints)
    }
}
