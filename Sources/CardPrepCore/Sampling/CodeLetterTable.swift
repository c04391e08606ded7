/// ISO 2859-1:1999 Table 1 (identical in ANSI/ASQ Z1.4 and MIL-STD-105E Table I): sample size code letters.
enum CodeLetterTable {
    /// One row per lot-size range: lower bound, upper bound (nil: and over), letters for S-1 S-2 S-3 S-4 I II III.
    static let rows: [(from: Int, through: Int?, letters: String)] = [
        (2, 8, "AAAAAAB"),
        (9, 15, "AAAAABC"),
        (16, 25, "AABBBCD"),
        (26, 50, "ABBCCDE"),
        (51, 90, "BBCCCEF"),
        (91, 150, "BBCDDFG"),
        (151, 280, "BCDEEGH"),
        (281, 500, "BCDEFHJ"),
        (501, 1_200, "CCEFGJK"),
        (1_201, 3_200, "CDEGHKL"),
        (3_201, 10_000, "CDFGJLM"),
        (10_001, 35_000, "CDFHKMN"),
        (35_001, 150_000, "DEGJLNP"),
        (150_001, 500_000, "DEGJMPQ"),
        (500_001, nil, "DEHKNQR"),
    ]

    /// The code letter for a lot size and level. A lot of 1 item uses the first row (2 to 8).
    static func letter(lotSize: Int, level: InspectionLevel) -> SampleSizeCodeLetter {
        let row = rows.first { lotSize <= ($0.through ?? Int.max) } ?? rows[rows.count - 1]
        let column = InspectionLevel.allCases.firstIndex(of: level)!
        let character = row.letters[row.letters.index(row.letters.startIndex, offsetBy: column)]
        return SampleSizeCodeLetter(rawValue: String(character))!
    }
}
