import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct ValidateTransformTests {
    static let produce = ["ingest", "validate", "transform"]

    @Test func injectedRecordErrorsBecomeExactlyThoseRejectsAndJobsHoldTheRest() throws {
        let fixture = try IngestFixture(customers: 2, cards: 40, injections: [.badLuhn: 3, .duplicateCard: 2, .expiredCard: 2],
                                        stages: Self.produce)
        let report = try fixture.run()
        #expect(report.exitCode == .ok)
        for drop in try fixture.ledger().drops() {
            let planted = fixture.generated.faults.filter { $0.customer == drop.customer }
            let rejects = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: drop.workPath + "/validation/rejects.json"))) as! [String: Any]
            let findings = rejects["findings"] as! [[String: Any]]
            let expected = planted.map { fault -> String in
                let code = switch fault.kind { case .badLuhn: "pan-luhn"; case .duplicateCard: "duplicate-in-drop"; default: "expired" }
                return "\(fault.recordNumber!) \(code)"
            }.sorted()
            let rejecting = findings.filter { ($0["severity"] as? String) != "warning" }
            let found = rejecting.map { "\($0["record"] as? Int ?? 0) \($0["reasonCode"] as! String)" }.sorted()
            #expect(found == expected)
            let summary = try ValidationSummary.load(workPath: drop.workPath)
            #expect(summary.decision == .produce)
            #expect(summary.accepted == 40 - planted.count)
            let manifest = try JSONDecoder().decode(JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: drop.workPath + "/jobs/jobs.json")))
            // Debit cards go to the embosser and the chip encoder, access cards to the laser.
            let accepted = summary.lines.reduce(into: [String: Int]()) { $0[$1.product, default: 0] += $1.accepted }
            for job in manifest.jobs {
                #expect(job.cards == accepted[job.product], "\(job.id)")
                #expect(job.batches.reduce(0) { $0 + $1.cards } == job.cards)
                let text = try fixture.jobText(job)
                let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("seq,") }
                #expect(lines.count == job.cards)
                #expect(text.hasSuffix("#END|\(job.cards)\n"))
            }
            // Nothing under the work folder or the outbox holds a card number in clear.
            let numbers = String(decoding: try fixture.plaintext(of: fixture.drop(customer: drop.customer)), as: UTF8.self)
                .split(separator: "\n").filter { $0.hasPrefix("D|") }.map { String($0.split(separator: "|", omittingEmptySubsequences: false)[5]) }
            for path in FileManager.default.enumerator(atPath: fixture.pipeline.output)!.compactMap({ $0 as? String }) {
                guard let data = FileManager.default.contents(atPath: fixture.pipeline.output + "/" + path) else { continue }
                #expect(!numbers.contains { data.range(of: Data($0.utf8)) != nil }, "\(path)")
            }
        }
    }

    @Test func batchesFollowTheTraySizeAndTheBranchOrder() throws {
        // laser-1 has trays of 250: 700 access cards per drop at HQ and BR01 make 2 + 2 batches.
        let fixture = try IngestFixture(customers: 1, cards: 1400, stages: Self.produce)
        try fixture.run()
        let drop = try #require(try fixture.ledger().drops().first)
        let manifest = try JSONDecoder().decode(JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: drop.workPath + "/jobs/jobs.json")))
        let laser = try #require(manifest.jobs.first { $0.machine == "laser-1" })
        #expect(laser.batches.map(\.cards) == [250, 100, 250, 100])
        #expect(laser.batches.map(\.branch) == ["HQ", "HQ", "BR01", "BR01"])
        #expect(laser.batches.map(\.firstSequence) == [1, 251, 351, 601])
        let rows = try fixture.jobText(laser).split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.map { $0.split(separator: ",")[1] } == laser.batches.flatMap { Array(repeating: Substring($0.id), count: $0.cards) })
        #expect(Set(rows.map { $0.split(separator: ",")[2] }).count == 700)
    }

    @Test func aBadOrderRejectsItsDropWithALineNumberAndTheOthersGoOn() throws {
        let fixture = try IngestFixture(customers: 3, injections: [.malformedXML: 1], stages: Self.produce)
        let report = try fixture.run()
        #expect(report.exitCode == .dropQuarantined)
        #expect(report.validate?.rejectedDrops == 1)
        #expect(report.transform?.manifests.count == 2)
        let bad = try #require(try fixture.ledger().drops().first { $0.customer == fixture.generated.faults[0].customer })
        #expect(bad.state == .rejected)
        let rejects = try String(contentsOfFile: bad.workPath + "/validation/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("order-invalid"))
        #expect(rejects.range(of: #"\.xml:\d+"#, options: .regularExpression) != nil, "\(rejects)")
    }

    @Test(arguments: [(FixtureInjection.trailerCount, "trailer-count"), (.quantityMismatch, "quantity-mismatch")])
    func dropLevelErrorsRejectTheDrop(injection: FixtureInjection, code: String) throws {
        let fixture = try IngestFixture(customers: 2, injections: [injection: 1], stages: Self.produce)
        let report = try fixture.run()
        let bad = try #require(try fixture.ledger().drops().first { $0.customer == fixture.generated.faults[0].customer })
        let summary = try ValidationSummary.load(workPath: bad.workPath)
        #expect(summary.decision == .rejected)
        #expect(summary.reasons.contains(code), "\(summary.reasons)")
        #expect(report.transform?.manifests.map(\.customer) == [fixture.generated.drops.first { $0.customer != bad.customer }!.customer])
    }

    @Test func theSameCardInALaterDropIsCaught() throws {
        let fixture = try IngestFixture(customers: 1, cards: 8, stages: Self.produce)
        #expect(try fixture.run().exitCode == .ok)
        #expect(try fixture.ledger().fingerprintCount() == 8)
        // The next night the customer sends the same cards again in a new drop (a new order date, same numbers).
        let again = try FixtureGenerator(.init(
            outputFolder: fixture.root + "/night2", customers: 1, cardsPerDrop: 8, seed: 11, date: CalendarDate("2026-11-02")!,
            recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)], signingKey: fixture.customerKey)).generate()
        try fixture.deliver(again.drops[0])
        let report = try fixture.run()
        let summary = try #require(report.validate?.outcomes.first?.summary)
        #expect(summary.rejectedRecords.count == 8)
        let second = try #require(try fixture.ledger().drops().first { $0.name == again.drops[0].drop })
        let rejects = try String(contentsOfFile: second.workPath + "/validation/rejects.csv", encoding: .utf8)
        #expect(rejects.components(separatedBy: "duplicate-earlier-drop").count - 1 == 8)
        #expect(!rejects.contains(where: { _ in false }))
    }
}

@Suite struct HostileOrderDropTests {
    @Test(arguments: ["xxe.xml", "billion-laughs.xml", "malformed.xml", "schema-invalid.xml", "deep.xml"])
    func aHostileOrderRejectsOnlyItsDrop(fixtureName: String) throws {
        let fixture = try IngestFixture(customers: 2, stages: ["ingest", "validate", "transform"])
        let victim = fixture.generated.drops[0]
        let folder = fixture.inboxPath(victim)
        let orderFile = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".xml") }!
        try FileManager.default.removeItem(atPath: folder + "/" + orderFile)
        try FileManager.default.copyItem(atPath: IngestFixture.packageRoot + "/Fixtures/orders/" + fixtureName, toPath: folder + "/" + orderFile)
        try fixture.reseal(folder)

        let report = try fixture.run()
        #expect(report.validate?.rejectedDrops == 1)
        #expect(report.transform?.manifests.map(\.customer) == [fixture.generated.drops[1].customer])
        let bad = try #require(try fixture.ledger().drops().first { $0.customer == victim.customer })
        let rejects = try String(contentsOfFile: bad.workPath + "/validation/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("order-invalid"))
        #expect(rejects.range(of: #"\.xml:\d+"#, options: .regularExpression) != nil, "\(rejects)")
        #expect(!rejects.contains("root:"), "nothing of /etc/passwd may appear")
    }
}

@Suite struct DropFailureTests {
    @Test func aDropThatCannotBeTransformedIsFailedUntilRetriedAndDoesNotHoldUpTheOthers() throws {
        let fixture = try IngestFixture(customers: 2, stages: ["ingest", "validate", "transform"])
        let profile = fixture.root + "/customers/cust-01.yml"
        try String(contentsOfFile: profile, encoding: .utf8).replacingOccurrences(of: "machines: [laser-1]", with: "machines: []")
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let report = try fixture.run()
        #expect(report.exitCode == .failure)
        #expect(report.failures.map(\.drop.customer) == ["cust-01"])
        let failure = try #require(report.failures.first?.failure)
        #expect(failure.stage == "transform" && failure.error.contains("names no machine"))
        #expect(failure.fix.contains("cardprep retry ") && failure.fix.contains("cust-01.yml"), "\(failure.fix)")
        #expect(report.transform?.manifests.map(\.customer) == ["cust-02"])
        let failed = try #require(try fixture.ledger().drops().first { $0.customer == "cust-01" })
        #expect(failed.state == .failed && failed.failure == failure && failed.resumeState == .validated)
        // The profile is fixed, but a failed drop waits for a person: the next run still exits non-zero and says which.
        try String(contentsOfFile: profile, encoding: .utf8).replacingOccurrences(of: "machines: []", with: "machines: [laser-1]")
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let waiting = try fixture.run()
        #expect(waiting.exitCode == .failure)
        #expect(waiting.summary.contains("attention: 1 drop(s) (1 failed); oldest cust-01/"), "\(waiting.summary)")
        let ledger = try fixture.ledger()
        let decisions = DropDecisions(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        let people = try PeopleFixture(peopleFolder: fixture.pipeline.peopleFolder, keysFolder: fixture.root + "/people-keys")
        #expect(try decisions.signed(.dropRetry, failed, reason: "machine named", people: people).state == .validated)
        let next = try fixture.run()
        #expect(next.exitCode == .ok, "\(next.summary)")
        #expect(next.transform?.manifests.map(\.customer) == ["cust-01"])
        #expect(try fixture.ledger().transitions(of: failed.id).map(\.toState)
                == [.received, .ingested, .validated, .failed, .validated, .jobsIssued])
    }
}

@Suite struct RejectedDropArchiveTests {
    @Test func aDropRejectedForItsOrderIsArchivedWithItsRejectReport() throws {
        let fixture = try IngestFixture(customers: 2, injections: [.malformedXML: 1], stages: ["ingest", "validate", "transform", "archive"],
                                        vault: true)
        let report = try fixture.run()
        #expect(report.archive?.outcomes.count == 2, "\(report.summary)")
        #expect(report.archive?.outcomes.allSatisfy { if case .archived = $0.kind { true } else { false } } == true, "\(report.summary)")
        let rejected = try #require(report.archive?.outcomes.first { $0.customer == fixture.generated.faults[0].customer })
        #expect(rejected.text.contains("REJECTED/"))
    }
}
