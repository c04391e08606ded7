import Testing
@testable import CardPrepCore

@Suite struct SamplingCodeLetterTests {
    /// ISO 2859-1:1999 Table 1, one column per level, one letter per lot-size range.
    static let columns: [(InspectionLevel, String)] = [
        (.s1, "AAAABBBBCCCCDDD"), (.s2, "AAABBBCCCDDDEEE"), (.s3, "AABBCCDDEEFFGGH"),
        (.s4, "AABCCDEEFGGHJJK"), (.i, "AABCCDEFGHJKLMN"), (.ii, "ABCDEFGHJKLMNPQ"),
        (.iii, "BCDEFGHJKLMNPQR"),
    ]
    static let ranges: [(Int, Int)] = [
        (2, 8), (9, 15), (16, 25), (26, 50), (51, 90), (91, 150), (151, 280), (281, 500), (501, 1200),
        (1201, 3200), (3201, 10000), (10001, 35000), (35001, 150000), (150001, 500000), (500001, 100_000_000),
    ]

    @Test(arguments: columns)
    func everyRangeBoundaryGivesThePublishedLetter(level: InspectionLevel, letters: String) throws {
        for (range, letter) in zip(Self.ranges, letters.map(String.init)) {
            for lotSize in [range.0, range.1] {
                let found = try SamplingTables.codeLetter(lotSize: lotSize, level: level)
                #expect(found.rawValue == letter, "lot \(lotSize), level \(level.rawValue)")
            }
        }
    }

    @Test func lotOfOneUsesTheFirstRow() throws {
        #expect(try SamplingTables.codeLetter(lotSize: 1, level: .iii) == .b)
    }

    @Test func lotSizeBelowOneIsRefused() {
        #expect(throws: SamplingError.invalidLotSize(0)) { try SamplingTables.codeLetter(lotSize: 0, level: .ii) }
    }
}

@Suite struct SamplingMasterTableTests {
    static let cases: [(InspectionSeverity, SamplingEdition, [String])] = [
        (.normal, .iso2859_1, ExpectedPlans.normal), (.normal, .z14, ExpectedPlans.normal),
        (.tightened, .iso2859_1, ExpectedPlans.tightened), (.tightened, .z14, ExpectedPlans.tightened),
        (.reduced, .iso2859_1, ExpectedPlans.reducedISO), (.reduced, .z14, ExpectedPlans.reducedZ14),
    ]

    @Test(arguments: cases)
    func everyCellGivesThePublishedPlan(severity: InspectionSeverity, edition: SamplingEdition, rows: [String]) throws {
        let table = SamplingTables.masterTable(severity: severity, edition: edition)
        let sizes = Dictionary(
            uniqueKeysWithValues: severity == .reduced ? ExpectedPlans.reducedSampleSizes : ExpectedPlans.normalSampleSizes)
        for row in rows {
            let parts = row.split(separator: ":")
            let letter = try #require(SampleSizeCodeLetter(rawValue: String(parts[0])))
            let cells = parts[1].split(separator: " ")
            try #require(cells.count == 26)
            for (aql, cell) in zip(AQL.all, cells) {
                let planLetter = String(cell.prefix(1))
                let numbers = cell.dropFirst().split(separator: "/").map { Int($0)! }
                let found = try table.plan(letter: letter, aql: aql)
                let context = "\(severity) \(edition.rawValue) \(letter.rawValue) AQL \(aql)"
                #expect(found.row.letter.rawValue == planLetter, "\(context)")
                #expect(found.row.sampleSize == sizes[planLetter], "\(context)")
                #expect(found.accept == numbers[0] && found.reject == numbers[1], "\(context)")
            }
        }
    }

    @Test(arguments: [InspectionSeverity.normal, .tightened, .reduced])
    func isoPlansHaveNoGapBetweenAcceptAndReject(severity: InspectionSeverity) throws {
        for letter in SampleSizeCodeLetter.allCases.dropLast() {
            for aql in AQL.all {
                let found = try SamplingTables.masterTable(severity: severity, edition: .iso2859_1).plan(letter: letter, aql: aql)
                #expect(found.reject == found.accept + 1)
            }
        }
    }
}

/// Cells checked against the published tables one by one, through the public entry point.
@Suite struct SamplingPlanTests {
    @Test func contractExampleLevelIIAQL25() throws {
        let plan = try SamplingTables.plan(lotSize: 3200, level: .ii, aql: AQL(parsing: "2.5"))
        #expect(plan == SamplingPlan(codeLetter: .k, planCodeLetter: .k, sampleSize: 125, acceptNumber: 7, rejectNumber: 8, inspectAll: false))
        let lot1000 = try SamplingTables.plan(lotSize: 1000, level: .ii, aql: AQL(parsing: "2.5"))
        #expect(lot1000.codeLetter == .j && lot1000.sampleSize == 80 && lot1000.acceptNumber == 5)
    }

    @Test func downArrowTakesSampleSizeFromTheRowItLeadsTo() throws {
        // Lot 100, level II: F (20). AQL 0.40 is a downward arrow leading to G, n = 32, Ac 0; 0.65 is F own 0/1.
        let plan = try SamplingTables.plan(lotSize: 100, level: .ii, aql: AQL(parsing: "0.40"))
        #expect(plan.codeLetter == .f && plan.planCodeLetter == .g && plan.sampleSize == 32 && plan.acceptNumber == 0)
        let own = try SamplingTables.plan(lotSize: 100, level: .ii, aql: AQL(parsing: "0.65"))
        #expect(own.planCodeLetter == .f && own.sampleSize == 20 && own.acceptNumber == 0 && own.rejectNumber == 1)
    }

    @Test func tightenedAndReducedCells() throws {
        let aql = try AQL(parsing: "1.0")
        let tightened = try SamplingTables.plan(lotSize: 1000, level: .ii, aql: aql, severity: .tightened)
        #expect(tightened.sampleSize == 80 && tightened.acceptNumber == 1 && tightened.rejectNumber == 2)
        let reducedZ14 = try SamplingTables.plan(lotSize: 2000, level: .ii, aql: AQL(parsing: "0.65"), severity: .reduced, edition: .z14)
        #expect(reducedZ14.sampleSize == 50 && reducedZ14.acceptNumber == 1 && reducedZ14.rejectNumber == 3)
        let reducedISO = try SamplingTables.plan(lotSize: 2000, level: .ii, aql: AQL(parsing: "0.65"), severity: .reduced)
        #expect(reducedISO.sampleSize == 50 && reducedISO.acceptNumber == 1 && reducedISO.rejectNumber == 2)
    }

    @Test func inspectAllWhenSampleReachesLotSize() throws {
        let small = try SamplingTables.plan(lotSize: 5, level: .ii, aql: AQL(parsing: "0.010"))
        #expect(small.sampleSize == 1250 && small.inspectAll)
        let exact = try SamplingTables.plan(lotSize: 2, level: .ii, aql: AQL(parsing: "6.5"))
        #expect(exact.sampleSize == 2 && exact.inspectAll)
        let one = try SamplingTables.plan(lotSize: 1, level: .s1, aql: AQL(parsing: "6.5"))
        #expect(one.inspectAll)
        let large = try SamplingTables.plan(lotSize: 9, level: .ii, aql: AQL(parsing: "4.0"))
        #expect(large.sampleSize == 3 && !large.inspectAll)
    }

    @Test(arguments: [("2.5", "2.5"), ("2.50", "2.5"), ("0.1", "0.10"), ("10.0", "10"), ("0.010", "0.010"), ("1000", "1000")])
    func aqlParsesPreferredValues(text: String, printed: String) throws {
        #expect(try AQL(parsing: text).description == printed)
    }

    @Test(arguments: ["2.0", "abc", "", "-1", "0.011", "1e1"])
    func aqlRefusesOtherValues(text: String) {
        #expect(throws: SamplingError.unknownAQL(text)) { try AQL(parsing: text) }
    }

    @Test func levelsParse() throws {
        #expect(try InspectionLevel(parsing: "s-3") == .s3)
        #expect(try InspectionLevel(parsing: "II") == .ii)
        #expect(throws: SamplingError.unknownInspectionLevel("IV")) { try InspectionLevel(parsing: "IV") }
    }
}
