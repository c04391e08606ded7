import Foundation

/// The terms under which the customer accepts lots: ISO 2859-1 single sampling at an inspection
/// level, with acceptance quality limits for critical, major and minor defects.
public struct AcceptanceTerms: Sendable, Equatable, Codable {
    /// The inspection level that fixes the sample size code letter.
    public var inspectionLevel: InspectionLevel
    /// What makes up a lot: a production batch or a delivery.
    public var lotBasis: LotBasis
    /// The AQL for critical defects.
    public var criticalAQL: AQL
    /// The AQL for major defects.
    public var majorAQL: AQL
    /// The AQL for minor defects.
    public var minorAQL: AQL
    /// Whether the switching rules may move to reduced inspection; `nil` when the order is silent.
    public var reducedInspectionAllowed: Bool?

    /// Creates acceptance terms.
    public init(
        inspectionLevel: InspectionLevel, lotBasis: LotBasis, criticalAQL: AQL,
        majorAQL: AQL, minorAQL: AQL,
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

/// What a lot is, for inspection.
public enum LotBasis: String, Sendable, Equatable, Codable, CaseIterable {
    /// A production batch is a lot.
    case batch
    /// A delivery is a lot.
    case delivery
}
