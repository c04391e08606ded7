import Foundation

/// The figures of a set of complaints: how many were received, how many are open and closed, how long closing
/// took (the median, from received to closed), and the closed ones counted by cause and by responsible department.
/// Every closed complaint has one cause and one department, so each count adds up to `closed`, and
/// `open + closed == received`.
public struct ComplaintFigures: Sendable, Equatable, Codable {
    /// One complaint as the figures count it.
    public struct Entry: Sendable, Equatable {
        public var receivedAt: Date
        /// When it was closed; nil while it is open.
        public var closedAt: Date?
        public var cause: ComplaintCause?
        public var department: Department?

        /// An open complaint, or a closed one with its cause and department.
        public init(receivedAt: Date, closedAt: Date? = nil, cause: ComplaintCause? = nil, department: Department? = nil) {
            self.receivedAt = receivedAt; self.closedAt = closedAt; self.cause = cause; self.department = department
        }
    }

    /// A count under a name (a cause, a department).
    public struct Count: Sendable, Equatable, Codable {
        public var name: String
        public var closed: Int

        /// `closed` complaints under `name`.
        public init(name: String, closed: Int) { self.name = name; self.closed = closed }
    }

    public var received: Int
    public var open: Int
    public var closed: Int
    /// The median time from received to closed, in whole seconds, over the closed ones; nil when none is closed.
    public var medianSecondsToClose: Int?
    /// Closed complaints per cause, in the causes' documented order; causes with none left out.
    public var causes: [Count]
    /// Closed complaints per responsible department, in the departments' order; departments with none left out.
    public var departments: [Count]

    /// The figures of `entries`.
    public init(_ entries: [Entry]) {
        let closedEntries = entries.filter { $0.closedAt != nil }
        received = entries.count
        closed = closedEntries.count
        open = received - closed
        medianSecondsToClose = Self.median(
            closedEntries.map { Int($0.closedAt!.timeIntervalSince($0.receivedAt).rounded(.down)) })
        causes = ComplaintCause.allCases.compactMap { cause in
            let count = closedEntries.filter { $0.cause == cause }.count
            return count == 0 ? nil : Count(name: cause.rawValue, closed: count)
        }
        departments = Department.allCases.compactMap { department in
            let count = closedEntries.filter { $0.department == department }.count
            return count == 0 ? nil : Count(name: department.rawValue, closed: count)
        }
    }

    /// The median of `values`: the middle one, or the mean of the two middle ones rounded down; nil for none.
    public static func median(_ values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
