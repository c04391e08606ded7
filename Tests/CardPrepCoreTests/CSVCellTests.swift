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

    @Test func theRejectReportAndTheReconciliationReportUseIt() {
        #expect(RejectReport.csvField("=cmd") == "'=cmd")
        #expect(CSVTable.line(["=a", "1", "-1", "x,y"]) == "'=a,1,-1,\"x,y\"")
    }
}
