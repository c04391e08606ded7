import Foundation
import Testing
@testable import CardPrepCore

@Suite("Reject report")
struct ValidationRejectReportTests {
    static let findings = [
        Finding(.panLuhn, .rejectRecord, at: FindingLocation(recordNumber: 3, line: 4, field: "cardNumber"),
                cardNumber: "4111111111111112", message: "the card number fails the Luhn check"),
        Finding(.nameTooLong, .warning, at: FindingLocation(recordNumber: 5, line: 6, field: "cardholderName"),
                cardNumber: "4111111111111111", message: "27 characters, more than 26; \"abbreviated\", later"),
        Finding(.panLuhn, .rejectRecord, at: FindingLocation(recordNumber: 8, line: 9, field: "cardNumber"),
                cardNumber: "5200000000000008", message: "the card number fails the Luhn check"),
        Finding(.trailerCount, .rejectDrop, at: .drop, message: "the trailer states 9"),
    ]

    @Test func csvHasAHeaderRowAndQuotesPerRFC4180() {
        let csv = RejectReport(findings: Self.findings).csv()
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows[0] == "record,line,masked_card_number,field,reason_code,severity,message")
        #expect(rows[1] == "3,4,411111******1112,cardNumber,pan-luhn,rejectRecord,the card number fails the Luhn check")
        #expect(rows[2] == "5,6,411111******1111,cardholderName,name-too-long,warning,"
            + "\"27 characters, more than 26; \"\"abbreviated\"\", later\"")
        #expect(rows[4] == ",,,,trailer-count,rejectDrop,the trailer states 9")
        #expect(rows.count == 6 && rows[5].isEmpty)
    }

    @Test func summaryCountsByReasonCode() {
        let report = RejectReport(findings: Self.findings)
        #expect(report.summary.map(\.reasonCode) == [.nameTooLong, .panLuhn, .trailerCount])
        #expect(report.summary.map(\.count) == [1, 2, 1])
        #expect(report.summaryCSV() == "reason_code,count\r\nname-too-long,1\r\npan-luhn,2\r\ntrailer-count,1\r\n")
    }

    @Test func jsonHasSortedKeysAndMaskedNumbersOnly() throws {
        let bytes = try RejectReport(findings: Self.findings).json()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(try RejectReport(findings: Self.findings).json() == bytes)
        for number in ["4111111111111112", "4111111111111111", "5200000000000008"] { #expect(!text.contains(number)) }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rows = try #require(document["findings"] as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows[0]["maskedCardNumber"] as? String == "411111******1112")
        #expect(rows[0]["reasonCode"] as? String == "pan-luhn")
        #expect(rows[3]["record"] is NSNull)
        #expect(document["summary"] as? [String: Int] == ["name-too-long": 1, "pan-luhn": 2, "trailer-count": 1])
        let keyOrder = ["field", "line", "maskedCardNumber", "message", "reasonCode", "record", "severity"]
        let positions = keyOrder.compactMap { text.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions == positions.sorted() && positions.count == keyOrder.count)
    }

    @Test(arguments: [0, 1, 3])
    func findingsSpilledToScratchComeBackUnchanged(memoryLimit: Int) throws {
        let log = FindingLog(memoryLimit: memoryLimit, scratchFolder: NSTemporaryDirectory())
        let many = (0..<5000).flatMap { _ in Self.findings }
        for finding in many { try log.append(finding) }
        #expect(log.all == many)
        #expect(log.count == many.count)
        #expect(log.countsByReason == FindingLog(many).countsByReason)
        #expect(try RejectReport(findings: log).json() == (try RejectReport(findings: many).json()))
        #expect(RejectReport(findings: log).csv() == RejectReport(findings: many).csv())
    }

    @Test func jsonEscapesQuotesBackslashesAndControlCharacters() throws {
        let finding = Finding(.malformedRecord, .rejectRecord, at: FindingLocation(line: 2), message: "a \"quoted\" \\ path/x\u{1}")
        let bytes = try RejectReport(findings: [finding]).json()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rows = try #require(document["findings"] as? [[String: Any]])
        #expect(rows[0]["message"] as? String == finding.message)
        #expect(String(decoding: bytes, as: UTF8.self).contains("path/x"))
        let empty = try RejectReport(findings: []).json()
        let emptyDocument = try #require(try JSONSerialization.jsonObject(with: Data(empty)) as? [String: Any])
        #expect((emptyDocument["findings"] as? [Any])?.isEmpty == true)
    }
}
