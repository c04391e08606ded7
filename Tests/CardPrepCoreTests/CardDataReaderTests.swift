import CardPrepIO
import Testing
@testable import CardPrepCore

/// A source that hands out a few bytes at a time, so lines and characters straddle reads.
struct TrickleByteSource: ByteSource {
    var bytes: [UInt8]
    let step: Int
    var offset = 0

    init(_ bytes: [UInt8], step: Int) { self.bytes = bytes; self.step = step }

    mutating func read(upTo maxLength: Int) throws -> [UInt8] {
        let end = min(bytes.count, offset + min(step, maxLength))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

@Suite("Card data reader")
struct CardDataReaderTests {
    static let pan = RuleExamples.luhnComplete("411111000000123")
    static let header = "H|CARDPREP-CARDS|1|acme|drop-1|ORD-1|2025-06-15"

    static func detail(_ number: Int, name: String = "JANE DOE") -> String {
        "D|\(number)|1|DEBIT|HQ|\(pan)|2806|\(name)|201|||"
    }

    static func read(_ bytes: [UInt8], contract: CardDataContract = .cardPrepDefault, step: Int = 5) throws -> [CardDataEvent] {
        var reader = try CardDataReader(source: TrickleByteSource(bytes, step: step), contract: contract)
        var events: [CardDataEvent] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func records(_ events: [CardDataEvent]) -> [CardDataRecord] {
        events.compactMap { if case let .detail(record, _) = $0 { record } else { nil } }
    }

    @Test func readsHeaderDetailsAndTrailerWithCRLFAndNoFinalLineBreak() throws {
        let text = [Self.header, Self.detail(1), Self.detail(2), "T|2|0"].joined(separator: "\r\n")
        let events = try Self.read(Array(text.utf8))
        #expect(events.count == 4)
        guard case let .header(header, line: 1) = events[0] else { Issue.record("no header first"); return }
        #expect(header.orderID == "ORD-1")
        #expect(header.fields[.formatName] == "CARDPREP-CARDS")
        let records = Self.records(events)
        #expect(records.map(\.recordNumber) == [1, 2])
        #expect(records[0].cardNumber == Self.pan)
        #expect(records[0].cardholderName == "JANE DOE")
        #expect(records[0].serviceCode == "201")
        #expect(events[3] == .trailer(CardDataTrailer(count: 2, hashTotal: 0), line: 4))
    }

    @Test func roundTripsWhatCardDataFileWrites() throws {
        let record = RuleExamples.access()
        let text = CardDataFile.header(customer: "c", drop: "d", orderID: "o", created: "2025-06-15") + "\n"
            + record.line + "\n" + CardDataFile.trailer(count: 1, hashTotal: HashTotal()) + "\n"
        #expect(Self.records(try Self.read(Array(text.utf8))) == [record])
    }

    @Test func decodesGB18030Names() throws {
        // "张伟" is D5 C5 CE B0, "王芳" CD F5 B7 BC, and U+20000 "𠀀" the four-byte 95 32 82 36 in
        // GB 18030 (as python3 -c "print('张伟'.encode('gb18030').hex())" prints).
        func line(_ number: Int, _ name: [UInt8]) -> [UInt8] {
            Array("D|\(number)|1|DEBIT|HQ|\(Self.pan)|2806|".utf8) + name + Array("|201|||\r\n".utf8)
        }
        let bytes = Array((Self.header + "\r\n").utf8) + line(1, [0xD5, 0xC5, 0xCE, 0xB0]) + line(2, [0xCD, 0xF5, 0xB7, 0xBC])
            + line(3, [0x95, 0x32, 0x82, 0x36]) + Array("T|3|0".utf8)
        let contract = CardDataContract(encoding: .gb18030)
        for step in [1, 3, 64 * 1024] {
            let names = Self.records(try Self.read(bytes, contract: contract, step: step)).map(\.cardholderName)
            #expect(names == ["张伟", "王芳", "𠀀"])
        }
    }

    @Test func invalidEncodingIsAMalformedRecordNotAnError() throws {
        let gbBytes = Array("D|1|1|DEBIT|HQ|\(Self.pan)|2806|".utf8) + [0xD5, 0xC5] + Array("|201|||\n".utf8)
        let utf8Events = try Self.read(gbBytes)
        guard case let .malformed(finding) = utf8Events.first else { Issue.record("expected a finding"); return }
        #expect(finding.reasonCode == .malformedRecord)
        #expect(finding.location.line == 1)
        #expect(finding.message.contains("utf8"))
        let truncated = Array("D|1|1|DEBIT|HQ|\(Self.pan)|2806|".utf8) + [0xD5] + Array("\n".utf8)
        let gbEvents = try Self.read(truncated, contract: CardDataContract(encoding: .gb18030))
        #expect(gbEvents.count == 1)
        if case .malformed = gbEvents[0] {} else { Issue.record("a cut GB 18030 character should be malformed") }
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let contract = CardDataContract(delimiter: ",", quote: "\"")
        let text = "D,1,1,DEBIT,HQ,\(Self.pan),2806,\"DOE, JANE \"\"JJ\"\"\",201,,,\n"
            + "\"D\",\"2\",1,DEBIT,HQ,\(Self.pan),2806,\"\",201,,,\n"
        let records = Self.records(try Self.read(Array(text.utf8), contract: contract))
        #expect(records.map(\.cardholderName) == ["DOE, JANE \"JJ\"", ""])
        #expect(records.map(\.recordNumber) == [1, 2])
    }

    @Test(arguments: [
        "D,1,1,DEBIT,HQ,4111110000001231,2806,\"DOE,201,,,",
        "D,1,1,DEBIT,HQ,4111110000001231,2806,DO\"E,201,,,",
        "D,1,1,DEBIT,HQ,4111110000001231,2806,\"DOE\"X,201,,,",
    ])
    func badQuotingIsMalformed(_ line: String) throws {
        let events = try Self.read(Array(line.utf8), contract: CardDataContract(delimiter: ",", quote: "\""))
        guard case let .malformed(finding) = events.first else { Issue.record("expected a finding"); return }
        #expect(finding.reasonCode == .malformedRecord)
        #expect(!finding.message.contains("4111110000001231"))
    }

    @Test func malformedLinesBecomeFindingsAndReadingGoesOn() throws {
        let longLine = "D|3|" + String(repeating: "X", count: CardDataReader<MemoryByteSource>.maxLineLength + 10)
        let text = [Self.header, "D|1|1|DEBIT|\(Self.pan)", "X|junk", "D|two|1|DEBIT|HQ|\(Self.pan)|2806|A B|201|||",
                    longLine, "", Self.detail(4), "T|1"].joined(separator: "\n") + "\n"
        let events = try Self.read(Array(text.utf8), step: 4096)
        let findings = events.compactMap { if case let .malformed(finding) = $0 { finding } else { nil } }
        #expect(findings.map(\.location.line) == [2, 3, 4, 5, 8])
        #expect(findings.map(\.severity) == [.rejectRecord, .rejectRecord, .rejectRecord, .rejectRecord, .rejectDrop])
        #expect(findings[0].location.recordNumber == 1)
        #expect(findings[2].location.field == "recordNumber")
        #expect(Self.records(events).map(\.recordNumber) == [4])
        #expect(findings.allSatisfy { !$0.message.contains(Self.pan) && $0.maskedCardNumber == nil })
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((Self.header + "\n").utf8)
        guard case .header = try Self.read(bytes).first else { Issue.record("header not recognised"); return }
    }
}
