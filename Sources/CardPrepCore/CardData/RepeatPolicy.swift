/// Whether a product takes a further card of a number an earlier card already had (profile `repeats`).
///
/// A renewal has the same number and PAN sequence number and an expiry later than every earlier card of the
/// number; a reissue has the same number and a PAN sequence number the number has not had before. An exact repeat
/// (same number, sequence number and expiry) is always refused, and so is a card with an earlier card's sequence
/// number whose expiry is not later than every earlier card's. Both default to refuse, so a profile that says
/// nothing refuses every repeated card number, as CardPrep always did.
public struct RepeatPolicy: Sendable, Equatable, Codable, BitwiseCopyable {
    /// Whether renewals are accepted.
    public var acceptsRenewals: Bool
    /// Whether reissues are accepted.
    public var acceptsReissues: Bool

    /// Creates a policy; by default both are refused.
    public init(acceptsRenewals: Bool = false, acceptsReissues: Bool = false) {
        self.acceptsRenewals = acceptsRenewals
        self.acceptsReissues = acceptsReissues
    }

    /// Refuses every repeated card number.
    public static let refuseAll = RepeatPolicy()
}
