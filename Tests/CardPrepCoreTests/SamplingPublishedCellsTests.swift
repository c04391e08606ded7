import Testing
@testable import CardPrepCore

/// Cells compared one by one with published copies of the master tables. The expected values are
/// typed from those copies, not derived from the tables in the code, so a changed cell fails here.
///
/// Sources (see the comments at the top of MasterTable2A/2B/2C.swift):
/// - [AQLSchemes] J. Lawson, R package AQLSchemes 1.7-2 (CRAN), R/AAZ14Single.R: MIL-STD-105E /
///   ANSI/ASQ Z1.4 single plans resolved per code letter A-R and AQL column (sample size, Ac, Re);
///   the same file is mirrored in the GitHub repository fjgonzalezmgt/AQLSchemesCust.
/// - [Rule] AQL Inspector's Rule manual, aqlinspectorsrule.com ("below", "manual/notes.html",
///   "Example 3 - Differences between ANSI and ISO versions"): the off-table and edition-dependent cells.
/// - [GB/T] the two-person transcription of GB/T 2828.1-2012 Tables 2-A/2-B/2-C in the repository
///   nihantao-crosis/quality-platform (src/core/__tests__/fixtures/gbt2828-1-2012-tables-2abc-*.tsv).
@Suite struct SamplingPublishedCellsTests {
    /// One code letter's row: per AQL column 0.010 ... 1000 the plan as "n:Ac/Re", or "-" where no
    /// published copy at hand confirms the cell.
    struct PublishedRow: Sendable, CustomTestStringConvertible {
        var severity: InspectionSeverity
        var editions: [SamplingEdition]
        var letter: SampleSizeCodeLetter
        var cells: String
        var testDescription: String { "\(severity) \(letter.rawValue)" }
    }

    static let both = SamplingEdition.allCases

    /// Rows as given by AQLSchemes (MIL-STD-105E / Z1.4). Normal and tightened tables are the same
    /// in both editions; ISO 2859-1:1999 only changed the reduced table.
    static let rows: [PublishedRow] = [
        PublishedRow(severity: .normal, editions: both, letter: .a, cells: """
            1250:0/1 800:0/1 500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 \
            3:0/1 2:0/1 5:1/2 3:1/2 2:1/2 2:2/3 2:3/4 2:5/6 2:7/8 2:10/11 2:14/15 2:21/22 2:30/31
            """),
        PublishedRow(severity: .normal, editions: both, letter: .q, cells: """
            1250:0/1 800:0/1 2000:1/2 1250:1/2 1250:2/3 1250:3/4 1250:5/6 1250:7/8 1250:10/11 1250:14/15 \
            1250:21/22 800:21/22 500:21/22 315:21/22 200:21/22 125:21/22 80:21/22 50:21/22 32:21/22 20:21/22 \
            13:21/22 13:30/31 13:44/45 8:44/45 5:44/45 3:44/45
            """),
        PublishedRow(severity: .normal, editions: both, letter: .r, cells: """
            1250:0/1 800:0/1 2000:1/2 2000:2/3 2000:3/4 2000:5/6 2000:7/8 2000:10/11 2000:14/15 2000:21/22 \
            1250:21/22 800:21/22 500:21/22 315:21/22 200:21/22 125:21/22 80:21/22 50:21/22 32:21/22 20:21/22 \
            13:21/22 13:30/31 13:44/45 8:44/45 5:44/45 3:44/45
            """),
        PublishedRow(severity: .tightened, editions: both, letter: .a, cells: """
            2000:0/1 1250:0/1 800:0/1 500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 \
            5:0/1 3:0/1 8:1/2 5:1/2 3:1/2 2:1/2 2:2/3 2:3/4 2:5/6 2:8/9 2:12/13 2:18/19 2:27/28
            """),
        PublishedRow(severity: .tightened, editions: both, letter: .q, cells: """
            2000:0/1 1250:0/1 3150:1/2 2000:1/2 1250:1/2 1250:2/3 1250:3/4 1250:5/6 1250:8/9 1250:12/13 \
            1250:18/19 800:18/19 500:18/19 315:18/19 200:18/19 125:18/19 80:18/19 50:18/19 32:18/19 20:18/19 \
            13:18/19 13:27/28 13:41/42 8:41/42 5:41/42 3:41/42
            """),
        PublishedRow(severity: .tightened, editions: both, letter: .r, cells: """
            2000:0/1 1250:0/1 3150:1/2 2000:1/2 2000:2/3 2000:3/4 2000:5/6 2000:8/9 2000:12/13 2000:18/19 \
            1250:18/19 800:18/19 500:18/19 315:18/19 200:18/19 125:18/19 80:18/19 50:18/19 32:18/19 20:18/19 \
            13:18/19 13:27/28 13:41/42 8:41/42 5:41/42 3:41/42
            """),
        // ISO 2859-1:1999 / GB/T 2828.1-2012 reduced, code letters A-C (sample size 2) and D, every column:
        // [GB/T] the transcription of GB/T 2828.1-2012 Table 2-C (PDF page 23, printed page 17) in the
        // fixtures gbt2828-1-2012-tables-2abc-full16.tsv and -aql15-1000.tsv of the GitHub repository
        // nihantao-crosis/quality-platform, each table transcribed by two people independently. At sample
        // size 2 the rows of code letters A and B carry the normal plans of sample size 2 from AQL 25 on
        // (7/8 at 150 ... 30/31 at 1000), and the 1000 column of rows C-R leads up to B's 30/31.
        PublishedRow(severity: .reduced, editions: [.iso2859_1], letter: .a, cells: """
            500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 \
            2:0/1 2:0/1 3:1/2 2:1/2 2:1/2 2:2/3 2:3/4 2:5/6 2:7/8 2:10/11 2:14/15 2:21/22 2:30/31
            """),
        PublishedRow(severity: .reduced, editions: [.iso2859_1], letter: .b, cells: """
            500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 \
            2:0/1 2:0/1 3:1/2 2:1/2 2:1/2 2:2/3 2:3/4 2:5/6 2:7/8 2:10/11 2:14/15 2:21/22 2:30/31
            """),
        PublishedRow(severity: .reduced, editions: [.iso2859_1], letter: .c, cells: """
            500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 \
            2:0/1 5:1/2 3:1/2 2:1/2 2:2/3 2:3/4 2:5/6 2:6/7 2:8/9 2:10/11 2:14/15 2:21/22 2:30/31
            """),
        PublishedRow(severity: .reduced, editions: [.iso2859_1], letter: .d, cells: """
            500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 \
            8:1/2 5:1/2 3:1/2 3:2/3 3:3/4 3:5/6 3:6/7 3:8/9 3:10/11 3:14/15 3:21/22 2:21/22 2:30/31
            """),
        // Z1.4 reduced: row A from AQL 25 on and the 1000 column are not confirmed (AQLSchemes gives the
        // normal-inspection plans of row A there, and for row B plans such as 2/4 and 3/5 that appear in
        // no printed table, so it is not taken as a transcription of those cells).
        PublishedRow(severity: .reduced, editions: [.z14], letter: .a, cells: """
            500:0/1 315:0/1 200:0/1 125:0/1 80:0/1 50:0/1 32:0/1 20:0/1 13:0/1 8:0/1 5:0/1 3:0/1 2:0/1 \
            2:0/1 2:0/1 2:0/2 2:0/2 - - - - - - - - -
            """),
        PublishedRow(severity: .reduced, editions: [.z14], letter: .r, cells: """
            500:0/1 315:0/1 800:0/2 800:1/3 800:1/4 800:2/5 800:3/6 800:5/8 800:7/10 800:10/13 500:10/13 \
            315:10/13 200:10/13 125:10/13 80:10/13 50:10/13 32:10/13 20:10/13 13:10/13 8:10/13 5:10/13 \
            5:14/17 5:21/24 3:21/24 2:21/24 -
            """),
    ]

    @Test(arguments: rows)
    func everyColumnOfAPublishedRow(row: PublishedRow) throws {
        let cells = row.cells.split(separator: " ")
        try #require(cells.count == AQL.all.count)
        for edition in row.editions {
            let table = SamplingTables.masterTable(severity: row.severity, edition: edition)
            for (aql, cell) in zip(AQL.all, cells) where cell != "-" {
                let parts = cell.split(whereSeparator: { $0 == ":" || $0 == "/" }).compactMap { Int($0) }
                try #require(parts.count == 3)
                let found = try table.plan(letter: row.letter, aql: aql)
                let context = "\(row.severity) \(edition.rawValue) \(row.letter.rawValue) AQL \(aql)"
                #expect(found.row.sampleSize == parts[0], "\(context)")
                #expect(found.accept == parts[1] && found.reject == parts[2], "\(context)")
            }
        }
    }

    /// Single cells: severity, edition, code letter, AQL, then the plan the published copy gives.
    struct PublishedCell: Sendable, CustomTestStringConvertible {
        var severity: InspectionSeverity
        var edition: SamplingEdition
        var letter: SampleSizeCodeLetter
        var aql: String
        var planLetter: SampleSizeCodeLetter
        var sampleSize: Int
        var accept: Int
        var reject: Int
        var testDescription: String { "\(severity) \(edition.rawValue) \(letter.rawValue) \(aql)" }
    }

    static let cells: [PublishedCell] = [
        // Tightened: code letters Q and R at 0.025 use n = 3150, Ac 1, Re 2 (Rule; AQLSchemes); the
        // row S cell itself.
        .init(severity: .tightened, edition: .iso2859_1, letter: .q, aql: "0.025", planLetter: .s, sampleSize: 3150, accept: 1, reject: 2),
        .init(severity: .tightened, edition: .z14, letter: .q, aql: "0.025", planLetter: .s, sampleSize: 3150, accept: 1, reject: 2),
        .init(severity: .tightened, edition: .iso2859_1, letter: .r, aql: "0.025", planLetter: .s, sampleSize: 3150, accept: 1, reject: 2),
        .init(severity: .tightened, edition: .z14, letter: .r, aql: "0.025", planLetter: .s, sampleSize: 3150, accept: 1, reject: 2),
        .init(severity: .tightened, edition: .iso2859_1, letter: .s, aql: "0.025", planLetter: .s, sampleSize: 3150, accept: 1, reject: 2),
        // Tightened R: own 0/1 at 0.010; at 0.015 the 0/1 plan of Q (AQLSchemes).
        .init(severity: .tightened, edition: .iso2859_1, letter: .r, aql: "0.010", planLetter: .r, sampleSize: 2000, accept: 0, reject: 1),
        .init(severity: .tightened, edition: .iso2859_1, letter: .r, aql: "0.015", planLetter: .q, sampleSize: 1250, accept: 0, reject: 1),
        // Normal R at 0.015: move to P, n = 800, Ac 0, Re 1 (Rule; AQLSchemes).
        .init(severity: .normal, edition: .iso2859_1, letter: .r, aql: "0.015", planLetter: .p, sampleSize: 800, accept: 0, reject: 1),
        .init(severity: .normal, edition: .z14, letter: .r, aql: "0.015", planLetter: .p, sampleSize: 800, accept: 0, reject: 1),
        // Reduced R at 0.015: move to P, n = 315, Ac 0, Re 1, both editions (Rule; AQLSchemes for Z1.4).
        .init(severity: .reduced, edition: .iso2859_1, letter: .r, aql: "0.015", planLetter: .p, sampleSize: 315, accept: 0, reject: 1),
        .init(severity: .reduced, edition: .z14, letter: .r, aql: "0.015", planLetter: .p, sampleSize: 315, accept: 0, reject: 1),
        // Row A at AQL 10: normal and reduced use code letter C, tightened code letter D (Rule; AQLSchemes).
        .init(severity: .normal, edition: .iso2859_1, letter: .a, aql: "10", planLetter: .c, sampleSize: 5, accept: 1, reject: 2),
        .init(severity: .normal, edition: .z14, letter: .a, aql: "10", planLetter: .c, sampleSize: 5, accept: 1, reject: 2),
        .init(severity: .tightened, edition: .iso2859_1, letter: .a, aql: "10", planLetter: .d, sampleSize: 8, accept: 1, reject: 2),
        .init(severity: .reduced, edition: .z14, letter: .a, aql: "10", planLetter: .c, sampleSize: 2, accept: 0, reject: 2),
        // Reduced G at AQL 1.0: Z1.4 arrow to H, n = 20, 0/2; ISO arrows to H then J, n = 32, 1/2 (Rule).
        .init(severity: .reduced, edition: .z14, letter: .g, aql: "1.0", planLetter: .h, sampleSize: 20, accept: 0, reject: 2),
        .init(severity: .reduced, edition: .iso2859_1, letter: .g, aql: "1.0", planLetter: .j, sampleSize: 32, accept: 1, reject: 2),
    ]

    @Test(arguments: cells)
    func publishedCell(cell: PublishedCell) throws {
        let table = SamplingTables.masterTable(severity: cell.severity, edition: cell.edition)
        let found = try table.plan(letter: cell.letter, aql: AQL(parsing: cell.aql))
        #expect(found.row.letter == cell.planLetter)
        #expect(found.row.sampleSize == cell.sampleSize)
        #expect(found.accept == cell.accept && found.reject == cell.reject)
    }
}
