import CardPrepCore
import CardPrepCrypto
import CardPrepXML
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct FixtureGeneratorTests {
    func detailLines(_ fixture: IngestFixture, customer: String) throws -> [[Substring]] {
        String(decoding: try fixture.plaintext(of: fixture.drop(customer: customer)), as: UTF8.self)
            .split(separator: "\n").filter { $0.hasPrefix("D|") }.map { $0.split(separator: "|", omittingEmptySubsequences: false) }
    }

    @Test func theSameSeedGivesTheSameCardData() throws {
        let a = try IngestFixture(customers: 2, cards: 30), b = try IngestFixture(customers: 2, cards: 30)
        for customer in ["cust-01", "cust-02"] {
            #expect(try a.plaintext(of: a.drop(customer: customer)) == b.plaintext(of: b.drop(customer: customer)))
        }
        #expect(try a.plaintext(of: a.drop(customer: "cust-01")) != a.plaintext(of: a.drop(customer: "cust-02")))
    }

    @Test func cleanDropsHaveValidCardsMatchingTheOrderAndTrailer() throws {
        let fixture = try IngestFixture(customers: 1, cards: 41)
        let drop = fixture.generated.drops[0]
        let text = String(decoding: try fixture.plaintext(of: drop), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("H|CARDPREP-CARDS|1|cust-01|") == true)
        let details = try detailLines(fixture, customer: "cust-01")
        #expect(details.count == 41)
        #expect(details.allSatisfy { CardNumber.passesLuhn($0[5]) })
        #expect(Set(details.map { $0[5] }).count == 41)
        var total = HashTotal()
        details.forEach { total.add($0[5]) }
        #expect(lines.last == "T|41|\(total.text)")
        let orderFile = try FileManager.default.contentsOfDirectory(atPath: drop.path).first { $0.hasSuffix(".xml") }!
        let order = try OrderParser.parse(fileAt: drop.path + "/" + orderFile,
                                          schema: XMLSchemaValidator(schemaAt: SampleWorkspaceRoot.path + "/Pipelines/schemas/order-v1.xsd"))
        #expect(order.totalQuantity == 41)
        for line in order.lines {
            #expect(details.filter { Int($0[2]) == line.number }.count == line.quantity)
        }
    }

    @Test func recordFaultsLandWhereInjectionsJsonSays() throws {
        let fixture = try IngestFixture(customers: 2, cards: 25, injections: [.badLuhn: 3, .duplicateCard: 2, .expiredCard: 2])
        #expect(fixture.generated.faults.count == 7)
        for fault in fixture.generated.faults {
            let details = try detailLines(fixture, customer: fault.customer)
            let record = details[fault.recordNumber! - 1]
            switch fault.kind {
            case .badLuhn: #expect(!CardNumber.passesLuhn(record[5]))
            case .duplicateCard: #expect(record[5] == details[fault.recordNumber! - 2][5])
            case .expiredCard: #expect(record[6].isEmpty ? record[11] < "2026-11-01" : record[6] < "2611")
            default: Issue.record("unexpected fault \(fault.kind)")
            }
        }
        let written = try JSONDecoder().decode([PlantedFault].self, from: Data(contentsOf: URL(fileURLWithPath: fixture.root + "/generated/injections.json")))
        #expect(written == fixture.generated.faults)
    }

    @Test func dropFaultsBreakWhatTheySay() throws {
        let fixture = try IngestFixture(customers: 3, cards: 8, injections: [.trailerCount: 1, .quantityMismatch: 1, .malformedXML: 1])
        for fault in fixture.generated.faults {
            let drop = fixture.drop(customer: fault.customer)
            let orderFile = drop.path + "/" + (try FileManager.default.contentsOfDirectory(atPath: drop.path).first { $0.hasSuffix(".xml") }!)
            switch fault.kind {
            case .trailerCount:
                let text = String(decoding: try fixture.plaintext(of: drop), as: UTF8.self)
                #expect(text.split(separator: "\n").last?.hasPrefix("T|9|") == true)
            case .quantityMismatch:
                let order = try OrderParser.parse(fileAt: orderFile, schema: XMLSchemaValidator(schemaAt: SampleWorkspaceRoot.path + "/Pipelines/schemas/order-v1.xsd"))
                #expect(order.totalQuantity == 9)
                #expect(try detailLines(fixture, customer: fault.customer).count == 8)
            case .malformedXML:
                #expect(throws: OrderXMLError.self) { try XMLDocumentLoader().load(fileAt: orderFile) }
            default: Issue.record("unexpected fault \(fault.kind)")
            }
        }
    }

    @Test func impossibleRequestsAreRefused() {
        #expect(throws: FixtureError.tooManyFaults(.wrongRecipient, requested: 3, possible: 2)) {
            try IngestFixture(customers: 2, cards: 5, injections: [.wrongRecipient: 3])
        }
        #expect(throws: FixtureError.badInjection("bad-luhn")) { try FixtureInjection.parse("bad-luhn") }
        #expect(throws: FixtureError.badInjection("nonsense=2")) { try FixtureInjection.parse("nonsense=2") }
    }
}

enum SampleWorkspaceRoot {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
