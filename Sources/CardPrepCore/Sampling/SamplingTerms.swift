import Foundation

/// An inspection level of ISO 2859-1 Table 1: four special levels and three general ones.
public enum InspectionLevel: String, CaseIterable, Sendable, Codable {
    case s1 = "S-1", s2 = "S-2", s3 = "S-3", s4 = "S-4"
    case i = "I", ii = "II", iii = "III"

    /// Parses "II", "ii", "S-3", "S3" or "s3".
    /// - Throws: `SamplingError.unknownInspectionLevel` for anything else.
    public init(parsing text: String) throws(SamplingError) {
        let key = text.uppercased().replacingOccurrences(of: "-", with: "")
        guard let level = Self.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "-", with: "") == key }) else {
            throw .unknownInspectionLevel(text)
        }
        self = level
    }
}

/// A sample size code letter (A to R; S exists only in the tightened table, reached by arrows).
public enum SampleSizeCodeLetter: String, CaseIterable, Sendable, Codable, Comparable {
    case a = "A", b = "B", c = "C", d = "D", e = "E", f = "F", g = "G", h = "H"
    case j = "J", k = "K", l = "L", m = "M", n = "N", p = "P", q = "Q", r = "R", s = "S"

    /// The row index of this letter in the master tables (A = 0).
    public var index: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The severity of inspection the switching rules have put a product on.
public enum InspectionSeverity: String, CaseIterable, Sendable, Codable {
    case normal, tightened, reduced
}

/// Which standard's tables to use.
public enum SamplingEdition: String, CaseIterable, Sendable, Codable {
    /// ISO 2859-1:1999 (identical to GB/T 2828.1-2012): single plans with Re = Ac + 1 in every table.
    case iso2859_1 = "iso2859-1"
    /// ANSI/ASQ Z1.4 (MIL-STD-105E): same normal and tightened tables, a reduced table with gaps between Ac and Re.
    case z14 = "z1.4"
}

/// A single sampling plan: inspect `sampleSize` items, accept with at most `acceptNumber` nonconforming.
public struct SamplingPlan: Sendable, Equatable, Codable {
    /// The code letter Table 1 gives for the lot size and inspection level.
    public var codeLetter: SampleSizeCodeLetter
    /// The row of the master table whose plan is used (differs from `codeLetter` when an arrow was followed).
    public var planCodeLetter: SampleSizeCodeLetter
    /// The sample size printed in the master table for `planCodeLetter`.
    public var sampleSize: Int
    /// The lot is accepted when the sample holds at most this many nonconforming items.
    public var acceptNumber: Int
    /// The lot is not accepted when the sample holds at least this many nonconforming items.
    public var rejectNumber: Int
    /// True when `sampleSize` is at least the lot size: inspect every item of the lot.
    public var inspectAll: Bool

    /// Creates a plan from its parts.
    public init(
        codeLetter: SampleSizeCodeLetter, planCodeLetter: SampleSizeCodeLetter, sampleSize: Int,
        acceptNumber: Int, rejectNumber: Int, inspectAll: Bool
    ) {
        self.codeLetter = codeLetter
        self.planCodeLetter = planCodeLetter
        self.sampleSize = sampleSize
        self.acceptNumber = acceptNumber
        self.rejectNumber = rejectNumber
        self.inspectAll = inspectAll
    }
}
