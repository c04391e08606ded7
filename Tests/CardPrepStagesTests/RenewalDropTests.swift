import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import GRDB
import Testing

@testable import CardPrepStages

/// Renewals through the whole pipeline and the ledger: the customer sends its cards again a month later, each bank
/// card with a later expiry (a renewal), each access card as it was (an exact repeat); then sends the renewals again.
@Suite struct RenewalDropTests {
    func nextDrop(_ fixture: IngestFixture, folder: String, date: String) throws -> FixtureGenerator.GeneratedDrop {
        try FixtureGenerator(.init(
            outputFolder: fixture.root + "/" + folder, customers: 1, cardsPerDrop: 8, seed: 11, date: CalendarDate(date)!,
            recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)], signingKey: fixture.customerKey)).generate().drops[0]
    }

    func rejects(_ fixture: IngestFixture, _ drop: FixtureGenerator.GeneratedDrop, as name: String) throws -> [String] {
        let record = try #require(try fixture.ledger().drops().first { $0.name == name })
        let text = try String(contentsOfFile: record.workPath + "/validation/rejects.csv", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            ["duplicate-earlier-drop", "renewal-refused", "renewal-not-later", "reissue-refused", "duplicate-in-drop"]
                .first { line.contains($0) }
        }
    }

    func laterCards(_ fixture: IngestFixture) throws -> Int {
        try DatabaseQueue(path: fixture.pipeline.ledgerPath).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM cardFingerprintLater") ?? 0 }
    }

    @Test(arguments: [false, true])
    func renewalsInALaterDropFollowTheProductsPolicy(accept: Bool) throws {
        let fixture = try IngestFixture(customers: 1, cards: 8, stages: ValidateTransformTests.produce)
        if accept {
            let path = fixture.root + "/customers/" + fixture.generated.drops[0].customer + ".yml"
            let profile = try String(contentsOfFile: path, encoding: .utf8)
            let edited = profile.replacingOccurrences(
                of: #"(?m)^(\s*)programme: bank$"#, with: "$1programme: bank\n$1repeats: {renewal: accept}", options: .regularExpression)
            #expect(edited != profile)
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(try fixture.run().exitCode == .ok)
        #expect(try fixture.ledger().fingerprintCount() == 8)

        let renewed = try nextDrop(fixture, folder: "month2", date: "2026-12-01")
        try fixture.deliver(renewed)
        _ = try fixture.run()
        let second = try rejects(fixture, renewed, as: renewed.drop)
        let exact = second.filter { $0 == "duplicate-earlier-drop" }.count
        let bank = 8 - exact
        #expect(exact > 0 && bank > 0, "the fixture sends bank and access cards: \(second)")
        #expect(second.filter { $0 == "renewal-refused" }.count == (accept ? 0 : bank))
        #expect(second.count == (accept ? exact : 8))
        #expect(try laterCards(fixture) == (accept ? bank : 0))

        guard accept else { return }
        // The trace of a renewed number shows both cards, the second as the renewal of the first drop's.
        let renewedID = try #require(try fixture.ledger().drops().first { $0.name == renewed.drop }).id
        let number = try #require(try fixture.ledger().cardTraces(dropID: renewedID).first { row in
            try fixture.ledger().cardsOfNumber(row.fingerprint).count == 2
        })
        var tracer = CardTracer(ledger: try fixture.ledger())
        let trace = try tracer.trace(.fingerprint(number.fingerprint))
        #expect(trace.cards.map(\.dropID).last == renewedID)
        #expect(trace.cards.first?.repeatOf == nil)
        let renewal = try #require(trace.cards.last?.repeatOf)
        #expect(renewal.hasPrefix("renewal (PAN sequence number ") && renewal.contains("'s card (PAN sequence number "), "\(renewal)")
        #expect(trace.text.contains("repeats"))
        // The same renewals again the next day: now exact repeats of the cards the second drop made.
        let again = try nextDrop(fixture, folder: "month2-again", date: "2026-12-02")
        #expect(again.drop != renewed.drop)
        try fixture.deliver(again)
        _ = try fixture.run()
        let third = try rejects(fixture, again, as: again.drop)
        #expect(third == Array(repeating: "duplicate-earlier-drop", count: 8))
        #expect(try laterCards(fixture) == bank)
    }
}
