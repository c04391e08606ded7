import Foundation

/// The terms under which the customer accepts lots: ISO 2859-1 single sampling at an inspection
/// level, with acceptance quality limits for critical, major and minor defects.
public struct AcceptanceTerms: Sendable, Equatable, Codable {
    /// The inspection level that fixes the sample size code letter.
    public var inspectionLevel: InspectionLevel
    /// What makes up a lot: a production batch or a delivery.
    public var lotBasis: LotBasis
    /// The AQL for critical defects.
    public var criticalAQL: AcceptanceQualityLimit
    /// The AQL for major defects.
    public var majorAQL: AcceptanceQualityLimit
    /// The AQL for minor defects.
    public var minorAQL: AcceptanceQualityLimit
    /// Whether the switching rules may move to reduced inspection; `nil` when the order is silent.
    public var reducedInspectionAllowed: Bool?

    /// Creates acceptance terms.
    public init(
        inspectionLevel: InspectionLevel, lotBasis: LotBasis, criticalAQL: AcceptanceQualityLimit,
        majorAQL: AcceptanceQualityLimit, minorAQL: AcceptanceQualityLimit,
        reducedInspectionAllowed: Bool? = nil
    ) {
        self.inspectionLevel = inspectionLevel
        self.lotBasis = lotBasis
        self.criticalAQL = criticalAQL
        self.majorAQL = majorAQL
        self.minorAQL = minorAQL
        self.reducedInspectionAllowed = reducedInspectionAllowed
    }
}

/// ISO 2859-1 inspection levels: special S-1 to S-4 and general I, II, III.
public enum InspectionLevel: String, Sendable, Equatable, Codable, CaseIterable {
    /// Special level S-1.
    case s1 = "S-1"
    /// Special level S-2.
    case s2 = "S-2"
    /// Special level S-3.
    case s3 = "S-3"
    /// Special level S-4.
    case s4 = "S-4"
    /// General level I.
    case generalI = "I"
    /// General level II, the usual default.
    case generalII = "II"
    /// General level III.
    case generalIII = "III"
}

/// What a lot is, for inspection.
public enum LotBasis: String, Sendable, Equatable, Codable, CaseIterable {
    /// A production batch is a lot.
    case batch
    /// A delivery is a lot.
    case delivery
}

/// An acceptance quality limit from the ISO 2859-1 preferred series (0.010 … 1000).
public struct AcceptanceQualityLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The preferred series, smallest first.
    public static let preferredSeries: [Decimal] = [
        "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
        "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
        "100", "150", "250", "400", "650", "1000",
    ].map { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX"))! }

    /// The limit, in percent nonconforming or nonconformities per hundred items.
    public let value: Decimal

    /// Creates a limit from decimal text such as `0.65`; `nil` unless it is in the preferred series.
    public init?(_ text: String) {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
            Self.preferredSeries.contains(value)
        else { return nil }
        self.value = value
    }

    /// The limit as decimal text, such as `0.065` or `10`.
    public var description: String { value.description }

    /// Decodes from decimal text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let limit = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a preferred AQL"))
        }
        self = limit
    }

    /// Encodes as decimal text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
