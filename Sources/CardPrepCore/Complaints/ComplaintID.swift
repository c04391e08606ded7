/// A complaint's number in the register: `CMP-2026-0001`, numbered from 1 in each year the bureau registers
/// complaints (the year of registration, UTC).
public struct ComplaintID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year it was registered in.
    public let year: Int
    /// Its number within the year, from 1.
    public let number: Int

    /// The id of complaint `number` of `year`.
    public init(year: Int, number: Int) { self.year = year; self.number = number }

    /// Reads `CMP-2026-0001` (letters in either case; the number with or without its leading zeros); nil for any
    /// other text.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].uppercased() == "CMP", parts[1].count == 4,
            parts[1].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isASCII), (1...9).contains(parts[2].count),
            let year = Int(parts[1]), let number = Int(parts[2]), number > 0
        else { return nil }
        self.init(year: year, number: number)
    }

    /// `CMP-2026-0001`: four digits at least.
    public var description: String {
        let digits = String(number)
        return "CMP-\(year)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public static func < (left: ComplaintID, right: ComplaintID) -> Bool {
        (left.year, left.number) < (right.year, right.number)
    }
}
