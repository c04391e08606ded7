import Foundation
import Testing
@testable import CardPrepCore

@Suite("Reconciliation input formats")
struct ReconciliationInputParserTests {
    @Test func csvFollowsRFC4180QuotingAndLineEnds() throws {
        let table = try CSVTable(parsing: "a,b,c\r\n1,\"two, \"\"quoted\"\"\",3\r\n\r\n\"multi\nline\",x,\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows.map(\.fields) == [["1", "two, \"quoted\"", "3"], ["multi\nline", "x", ""]])
        #expect(table.rows.map(\.line) == [2, 4])
        #expect(CSVTable.line(["a,b", "say \"hi\"", "plain"]) == "\"a,b\",\"say \"\"hi\"\"\",plain")
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try CSVTable(parsing: "a\n\"open\n") }
        #expect(throws: CSVError.missingHeader) { try CSVTable(parsing: "") }
    }

    @Test func productionResultsAreReadWithAFindingPerBadLine() {
        let text = """
            job,batch,sequence,serial,status,reason,station,operator,time
            d1-J01,d1-J01-B001,1,CS000001,good,,emb-1,op7,2026-11-03T09:00:00Z
            d1-J01,d1-J01-B001,2,CS000002,spoiled,chip write failed,emb-1,op7,2026-11-03T09:01:00Z
            d1-J01,d1-J01-B001,x,CS000003,good,,emb-1,op7,2026-11-03T09:02:00Z
            d1-J01,d1-J01-B001,3,CS000004,lost,,emb-1,op7,2026-11-03T09:03:00Z
            d1-J01,d1-J01-B001,3,CS000004,spoiled,,emb-1,op7,2026-11-03T09:03:00Z
            d1-J01,d1-J01-B001,3,CS000004,good,,emb-1,op7
            """
        let parsed = ParsedInput<ProductionResult>.parse(text, file: "production.csv")
        #expect(parsed.values.map(\.serial) == ["CS000001", "CS000002"])
        #expect(parsed.values[1].reason == "chip write failed")
        #expect(parsed.findings.map(\.location.line) == [4, 5, 6, 7])
        #expect(parsed.findings.allSatisfy { $0.code == .malformedInput && $0.location.file == "production.csv" })
    }

    @Test func aHeaderWithoutTheDocumentedColumnsIsOneFinding() {
        let parsed = ParsedInput<ShipmentLine>.parse("shipment,branch\nS-1,BR-01\n", file: "shipping.csv")
        #expect(parsed.records.isEmpty)
        #expect(parsed.findings.count == 1)
        #expect(parsed.findings[0].message.contains("contract"))
    }

    @Test func shipmentsReceiptsStockAndDestructionsAreRead() {
        let shipping = ParsedInput<ShipmentLine>.parse("""
            shipment,contract,branch,boxes,product,cards,batches,carrier,tracking,dispatched
            S-1,CT-1,BR-01,1,DEBIT,3,d1-J01-B001;d1-J01-B002,express-courier,TRK1,2026-11-06T10:00:00Z
            S-2,CT-1,BR-02,1,ACCESS,2,d1-J02-B001,pigeon,TRK2,2026-11-06T10:00:00Z
            """, file: "shipping.csv")
        #expect(shipping.values.first?.batches == ["d1-J01-B001", "d1-J01-B002"])
        #expect(shipping.findings.map(\.location.line) == [3])
        let receipts = ParsedInput<ReceiptConfirmation>.parse("shipment,received,received_by,boxes\nS-1,2026-11-07T09:30:00Z,M. Dupont,1\n",
                                                                file: "receipts.csv")
        #expect(receipts.values.first?.receivedBy == "M. Dupont")
        let stock = ParsedInput<StockMovement>.parse("""
            time,location,product,class,kind,quantity,reference,note
            2026-11-01T08:00:00Z,HQ,DEBIT,blank,received,100,DN-7,
            2026-11-01T08:00:00Z,BR-01,DEBIT,obsolete,spot-check,0,SC-1,empty shelf
            2026-11-01T08:00:00Z,HQ,DEBIT,blank,issued,0,ORD-1,
            """, file: "stock.csv")
        #expect(stock.values.map(\.kind) == [.received, .spotCheck])
        #expect(stock.findings.map(\.location.line) == [4])
        let destruction = ParsedInput<DestructionRecord>.parse("""
            id,time,place,method,product,quantity,serials,witnesses,cctv
            D-1,2026-11-05T16:00:00Z,Vault,shredding,DEBIT,3,CS000002;CS000010-CS000011,"Li Wei:production;Ana Costa:Security;Tom Berg:warehouse",CAM2
            D-2,2026-11-05T16:00:00Z,Vault,shredding,DEBIT,1,CS000009-CS000001,Li Wei:production,CAM2
            D-3,2026-11-05T16:00:00Z,Vault,shredding,DEBIT,1,CS000009,Li Wei,CAM2
            """, file: "destruction.csv")
        #expect(destruction.values.count == 1)
        #expect(destruction.values[0].witnesses.map(\.department) == ["production", "security", "warehouse"])
        #expect(destruction.values[0].covers("CS000011") && !destruction.values[0].covers("CS000012"))
        #expect(destruction.findings.map(\.location.line) == [3, 4])
    }

    @Test func serialRangesCollapseAndCount() {
        #expect(SerialRange("CS000010-CS000019")?.count == 10)
        #expect(SerialRange("CS10-AB19") == nil)
        #expect(SerialRange.ranges(of: ["CS000003", "CS000001", "CS000002", "CS000007"]) == ["CS000001-CS000003", "CS000007"])
    }
}
