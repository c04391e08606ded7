import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import GRDB
import Testing

@testable import CardPrepStages

/// Renewals through the whole pipeline and the ledger: the customer sends its cards again the next night, each bank
/// card with an expiry a year later (a renewal), each access card as it was (an exact repeat); then sends the
/// renewals again.
@Suite struct RenewalDropTests {
    func nextDrop(_ fixture: IngestFixture, folder: String, date: String) throws -> FixtureGenerator.GeneratedDrop {
        try FixtureGenerator(.init(
            outputFolder: fixture.root + "/" + folder, customers: 1, cardsPerDrop: 8, seed: 11, date: CalendarDate(date)!,
            recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)], signingKey: fixture.customerKey)).generate().drops[0]
    }

    /// Delivers `drop` with every bank card's expiry a year later, encrypted and signed again as the customer would.
    func deliverRenewed(_ fixture: IngestFixture, _ drop: FixtureGenerator.GeneratedDrop) throws {
        try fixture.deliver(drop)
        let folder = fixture.inboxPath(drop)
        let text = String(decoding: try fixture.plaintext(of: drop), as: UTF8.self)
        let lines = text.split(separator: "\n").map { line -> String in
            var fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields[0] == "D", fields[6].count == 4, let year = Int(fields[6].prefix(2)) else { return String(line) }
            fields[6] = String(year + 1) + fields[6].suffix(2)
            return fields.joined(separator: "|")
        }
        let cardFile = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".age") })
        try FileManager.default.removeItem(atPath: folder + "/" + cardFile)
        let sink = try AgeEncryptingSink(wrapping: try FileByteSink(creating: folder + "/" + cardFile),
                                         recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)], armored: false)
        try sink.write(Array((lines.joined(separator: "\n") + "\n").utf8))
        try sink.finish().finish()
        try fixture.reseal(folder)
    }

    func rejects(_ fixture: IngestFixture, _ drop: FixtureGenerator.GeneratedDrop, as name: String) throws -> [String] {
        let record = try #require(try fixture.ledger().drops().first { $0.name == name })
        let text = try String(contentsOfFile: record.workPath + "/validation/rejects.csv", encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).compactMap { line in
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

        let renewed = try nextDrop(fixture, folder: "night2", date: "2026-11-02")
        try deliverRenewed(fixture, renewed)
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
        let again = try nextDrop(fixture, folder: "night3", date: "2026-11-03")
        #expect(again.drop != renewed.drop)
        try deliverRenewed(fixture, again)
        _ = try fixture.run()
        let third = try rejects(fixture, again, as: again.drop)
        #expect(third == Array(repeating: "duplicate-earlier-drop", count: 8))
        #expect(try laterCards(fixture) == bank)
    }
}
