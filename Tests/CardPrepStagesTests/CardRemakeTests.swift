import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// A card spoiled on the floor is remade on a signed decision, in a remake job written from the drop's working copy;
/// reconciliation counts one logical card with its two attempts, the spoiled one destroyed, and trace shows both.
@Suite struct CardRemakeTests {
    @Test func aRemadeSpoiledCardReconcilesWithTheSpoiledAttemptDestroyed() throws {
        let fixture = try IngestFixture(customers: 1, cards: 12, stages: ["ingest", "validate", "transform", "reconcile", "archive"],
                                        vault: true)
        let people = try PeopleFixture(peopleFolder: fixture.pipeline.peopleFolder, keysFolder: fixture.root + "/people-keys")
        try Self.addProductionPerson("paul", to: people)
        let manifest = try #require(try fixture.run().transform?.manifests.first)
        // The floor spoils the first card of the first job and reports it so.
        var rows = ReplacementDrop.production(for: manifest, serialPrefix: "CS").split(separator: "\n").map(String.init)
        var first = rows[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        first[4] = "spoiled"
        first[5] = "chip-fault"
        rows[1] = first.joined(separator: ",")
        let spoiled = first[3], job = first[0]
        let folder = fixture.pipeline.productionInputs + "/" + manifest.orderID
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try (rows.joined(separator: "\n") + "\n").write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
        _ = try fixture.run()
        let ledger = try fixture.ledger()
        let drop = try #require(try ledger.drops().first)
        #expect(drop.state == .discrepancy, "the spoiled card leaves its place without a good card")

        let remaking = CardRemaking(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        #expect(throws: CardRemakeError.notSpoiled(serial: rows[2].split(separator: ",").map(String.init)[3], status: "good")) {
            try remaking.spoiledCards(serials: [rows[2].split(separator: ",").map(String.init)[3]], of: drop)
        }
        #expect(throws: CardRemakeError.unknownSerial(serial: "XX1", drop: drop.label)) { try remaking.spoiledCards(serials: ["XX1"], of: drop) }
        let cards = try remaking.spoiledCards(serials: [spoiled], of: drop)
        #expect(cards.count == 1 && cards[0].job == job && cards[0].sequence == Int(first[2]))
        let request = CardRemaking.request(drop: drop, cards: cards, pipeline: fixture.pipeline, requester: "paul", approver: "frank",
                                           reason: "chip fault on the encoder")
        #expect(throws: (any Error).self, "a security person is not production") {
            try people.approval(of: CardRemaking.request(drop: drop, cards: cards, pipeline: fixture.pipeline, requester: "alice",
                                                         approver: "frank", reason: "x"),
                                pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        }
        let approval = try people.approval(of: request, pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        let remade = try remaking.remake(drop, cards: cards, on: approval)
        #expect(remade.count == 1 && remade[0].remakeJob == job + "-R01" && remade[0].actor == "paul+frank")
        #expect(throws: CardRemakeError.alreadyRemade(serial: spoiled, job: job + "-R01")) {
            try remaking.spoiledCards(serials: [spoiled], of: drop)
        }

        // The remake job holds the same logical card, from the drop's working copy, encrypted to the station.
        let file = try #require(try ledger.jobFiles().filter { $0.dropID == drop.id }.first { $0.jobID == remade[0].remakeJob })
        let text = String(decoding: try fixture.decrypt(file.path, identityFile: fixture.stationKeyFile), as: UTF8.self)
        let number = try Self.cardNumber(record: cards[0].record, of: try fixture.plaintext(of: fixture.generated.drops[0]))
        #expect(text.contains(remade[0].remakeJob) && text.contains(number))
        #expect(text.split(separator: "\n").filter { $0.contains(number) }.count == 1)

        // The floor reports the remake good; the spoiled card is destroyed before witnesses.
        rows.append("\(remade[0].remakeJob),\(remade[0].remakeBatch),\(remade[0].remakeSequence),CS90000001,good,,st-1,op-1,2026-11-05T09:00:00Z")
        try (rows.joined(separator: "\n") + "\n").write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
        try Self.signDestruction(of: spoiled, product: cards[0].product, in: ledger)
        try ("id,time,place,method,product,quantity,serials,witnesses,cctv\nDES-REMAKE-1,2026-11-06T16:00:00Z,Secure room 2,shredding,"
            + "\(cards[0].product),1,\(spoiled),Erin Walsh:production;Alice Martin:security;Dave Novak:warehouse,CAM2-20261106-1600\n")
            .write(toFile: folder + "/destruction.csv", atomically: true, encoding: .utf8)
        let report = try fixture.run()
        let findings = report.reconcile?.flatMap { $0.findings.map(\.message) } ?? []
        #expect(findings.isEmpty, "\(findings)")
        let final = try #require(try ledger.drop(id: drop.id))
        let reasons = try ledger.transitions(of: drop.id).map(\.reason)
        #expect(final.state == .archived, "\(reasons)")
        #expect(try ledger.jobFiles().filter { $0.dropID == drop.id }.first { $0.jobID == remade[0].remakeJob }?.removedAt != nil)

        // Trace shows both attempts at the one logical card, after archiving.
        var tracer = CardTracer(ledger: ledger)
        let traced = try #require(try tracer.trace(.serial("CS90000001")).cards.first)
        #expect(traced.job == job && traced.position == cards[0].sequence && traced.record == cards[0].record)
        #expect(traced.made.map(\.serial) == [spoiled, "CS90000001"] && traced.made.map(\.status) == ["spoiled", "good"])
        #expect(traced.made[0].destruction != nil)
        #expect(try ledger.auditEntries(dropID: drop.id).map(\.event).contains("cards.remade"))
        // Archived, the card is found remade already, as before (a remake from the vault would need it not to be).
        #expect(throws: CardRemakeError.alreadyRemade(serial: spoiled, job: remade[0].remakeJob)) {
            try remaking.spoiledCards(serials: [spoiled], of: final)
        }
    }

    /// Adds paul, of the production department, with an ssh-keygen Ed25519 key, to the fixture's register.
    static func addProductionPerson(_ id: String, to people: PeopleFixture) throws {
        try PeopleFixture.keygen(["-t", "ed25519", "-C", "\(id)@test", "-f", people.keys + "/" + id])
        let key = try String(contentsOfFile: people.keys + "/\(id).pub", encoding: .utf8).trimmingCharacters(in: .newlines)
        try """
            id: \(id)
            name: Paul Dubois
            department: production
            roles: [operator]
            keys:
              - "\(key)"

            """.write(toFile: people.peopleFolder + "/\(id).yml", atomically: true, encoding: .utf8)
    }

    /// The card number of `record` in a card data file's plaintext.
    static func cardNumber(record: Int, of plaintext: [UInt8]) throws -> String {
        let fields = String(decoding: plaintext, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false) }
        return String(try #require(fields.first { $0.first == "D" && Int($0[1]) == record })[5])
    }

    /// Records the destruction of `serial` as signed in the ledger, as `cardprep stock destroy` does (its signing is
    /// tested with the command).
    static func signDestruction(of serial: String, product: String, in ledger: Ledger) throws {
        let destruction = SignedDestruction(
            id: "DES-REMAKE-1", time: ReconciliationExamples.time("2026-11-06T16:00:00Z"), place: "Secure room 2", method: .shredding,
            product: product, quantity: 1, serials: [try #require(SerialRange(serial))], cctv: "CAM2-20261106-1600",
            executor: .init(duty: "executor", person: "bob", department: .security),
            witnesses: [.init(duty: "production-witness", person: "erin", department: .production),
                        .init(duty: "security-witness", person: "alice", department: .security),
                        .init(duty: "warehouse-witness", person: "dave", department: .warehouse)])
        let digest = String(repeating: "7", count: 64)
        let statement = SignedStatementRecord(
            digest: digest, action: "cards.destroy", subject: "destruction DES-REMAKE-1", nonce: String(digest.prefix(32)),
            requestedAt: Date(), acceptedAt: Date(), signers: "", keys: "", text: "", signatures: "")
        _ = try ledger.recordSignedDestruction(
            SignedDestructionRecord(destruction, reason: "spoiled", statement: digest, stockAccount: nil, recordedAt: Date()),
            statement: statement, movement: nil, event: AuditEvent(event: "cards.destroyed", actor: "bob", host: "test-host"), at: Date())
    }
}
