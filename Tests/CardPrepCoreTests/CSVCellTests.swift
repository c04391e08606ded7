import Testing
@testable import CardPrepCore

/// Cells of the CSV files people open: quoted where RFC 4180 needs it, and never a live formula (OWASP CSV injection).
@Suite struct CSVCellTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("=HYPERLINK(\"http://x\",\"y\").xml: not an order", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\").xml: not an order\""),
        ("=1+2", "'=1+2"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcell", "\"'\tcell\""),
        ("\rcell", "\"'\rcell\""),
        ("-5", "-5"),
        ("+3.25", "+3.25"),
        ("-", "'-"),
        ("", ""),
    ])
    func aCellIsQuotedAndNeutralised(_ field: String, _ expected: String) {
        #expect(CSVCell.text(field) == expected)
    }

    /// ASCII cells are made on their bytes; other cells take the general path, and both agree.
    @Test(arguments: [
        ("é,\"x\"", "\"é,\"\"x\"\"\""),
        ("=Zoë", "'=Zoë"),
        ("Zoë", "Zoë"),
        ("a\r\nb", "\"a\r\nb\""),
        ("\"", "\"\"\"\""),
        ("-1,5", "\"'-1,5\""),
    ])
    func byteAndGeneralPathsMakeTheSameCell(_ field: String, _ expected: String) {
        #expect(CSVCell.text(field) == expected)
        #expect(CSVCell.asciiText(field) == (field.utf8.allSatisfy { $0 < 0x80 } ? expected : nil))
    }

    @Test func theRejectReportAndTheReconciliationReportUseIt() {
        #expect(RejectReport.csvField("=cmd") == "'=cmd")
        #expect(CSVTable.line(["=a", "1", "-1", "x,y"]) == "'=a,1,-1,\"x,y\"")
    }
}
