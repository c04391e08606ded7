import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// A drop with rejected records waits for the customer's replacement drop; the replacement's records count toward
/// the same order lines, the order completes across both drops, and both go to the vault.
@Suite struct ReplacementDropTests {
    /// A pipeline whose one drop has two records rejected, produced and in discrepancy.
    static func shortDrop() throws -> (IngestFixture, DropRecord, JobManifest) {
        let fixture = try IngestFixture(
            customers: 1, cards: 12, injections: [.badLuhn: 2], stages: ["ingest", "validate", "transform", "reconcile", "archive"],
            vault: true)
        let manifest = try #require(try fixture.run().transform?.manifests.first)
        try ReplacementDrop.report(manifest, in: fixture)
        _ = try fixture.run()
        let drop = try #require(try fixture.ledger().drops().first)
        #expect(drop.state == .discrepancy, "the rejected records leave the order short")
        return (fixture, drop, manifest)
    }

    @Test func theOrderCompletesAcrossTheDropAndItsReplacement() throws {
        let (fixture, original, manifest) = try Self.shortDrop()
        let ledger = try fixture.ledger()
        let rejected = try DropWorkFolder(path: original.workPath).validationOutcome().rejectedRecords
        #expect(rejected.count == 2)
        let short = manifest.lines.filter { $0.accepted < $0.ordered }
        try ReplacementDrop(original: original, originalPlaintext: try fixture.plaintext(of: fixture.generated.drops[0]),
                            records: rejected, orderID: manifest.orderID + "-R1").deliver(into: fixture, name: "replacement-1")

        let second = try fixture.run()
        let replacementManifest = try #require(second.transform?.manifests.first)
        #expect(replacementManifest.orderID == manifest.orderID + "-R1")
        let replacement = try #require(try ledger.drops().first { $0.id != original.id })
        #expect(replacement.state == .jobsIssued)
        let sent = try ledger.replacementLines(sentBy: replacement.id)
        #expect(sent.map(\.orderLine) == short.map(\.orderLine))
        #expect(sent.map(\.cards) == short.map { $0.ordered - $0.accepted })
        #expect(sent.allSatisfy { $0.originalDropID == original.id && $0.originalOrderID == manifest.orderID })
        var status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date())
        #expect(status.openOrderLines.map(\.replacing).reduce(0, +) == 2, "the replacement is on its way, not made yet")
        #expect(status.text.contains("on their way in a replacement drop"), "\(status.text)")
        #expect(try ledger.drop(id: original.id)?.state == .discrepancy, "the replacement's cards are not made yet")

        try ReplacementDrop.report(replacementManifest, in: fixture, serialPrefix: "CR")
        _ = try fixture.run()
        _ = try fixture.run()
        #expect(try ledger.drop(id: replacement.id)?.state == .archived)
        let final = try #require(try ledger.drop(id: original.id))
        let reasons = try ledger.transitions(of: original.id).map(\.reason)
        #expect(final.state == .archived, "\(reasons)")
        status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date())
        #expect(status.openOrderLines.isEmpty)
        let reconciled = try ledger.auditEntries(dropID: original.id).filter { $0.event.hasPrefix("reconcile.") }.map(\.event)
        #expect(reconciled.last == "reconcile.clean", "the order's lines add up over both drops: \(reconciled)")
        #expect(reconciled.dropLast().allSatisfy { $0 == "reconcile.discrepancy" })
        for id in [original.id, replacement.id] {
            #expect(try ledger.auditEntries(dropID: id).map(\.event).contains("order.replacement"))
        }
    }

    @Test func aReplacementOfAnUnknownOrderIsRejectedWhole() throws {
        let (fixture, original, manifest) = try Self.shortDrop()
        let rejected = try DropWorkFolder(path: original.workPath).validationOutcome().rejectedRecords
        try ReplacementDrop(original: original, originalPlaintext: try fixture.plaintext(of: fixture.generated.drops[0]),
                            records: rejected, orderID: manifest.orderID + "-R1", replaces: "ORD-NOT-SENT")
            .deliver(into: fixture, name: "replacement-1")
        let report = try fixture.run()
        let summary = try #require(report.validate?.outcomes.compactMap(\.summary).first)
        #expect(summary.decision == .rejected && summary.reasons == [ReasonCode.replacementInvalid.rawValue])
        #expect(try fixture.ledger().replacements(of: original.id).isEmpty)
    }

    @Test func aReplacementSendingMoreThanTheLineMissesIsRejectedWhole() throws {
        let (fixture, original, manifest) = try Self.shortDrop()
        let ledger = try fixture.ledger()
        let rejected = try DropWorkFolder(path: original.workPath).validationOutcome().rejectedRecords
        // One more record than was rejected on the first rejected record's line: a card the earlier drop planned.
        let plaintext = try fixture.plaintext(of: fixture.generated.drops[0])
        let line = String(decoding: plaintext, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        let lineOf = { (record: Int) in line.first { $0.first == "D" && Int($0[1]) == record }.map { Int($0[2])! } }
        let extra = try #require(line.first { $0.first == "D" && !rejected.contains(Int($0[1])!) && Int($0[2]) == lineOf(rejected[0]) })
        try ReplacementDrop(original: original, originalPlaintext: plaintext, records: rejected + [Int(extra[1])!],
                            orderID: manifest.orderID + "-R1").deliver(into: fixture, name: "replacement-1")
        let report = try fixture.run()
        let summary = try #require(report.validate?.outcomes.compactMap(\.summary).first)
        #expect(summary.decision == .rejected && summary.reasons == [ReasonCode.replacementInvalid.rawValue])
        let replacement = try #require(try ledger.drops().first { $0.id != original.id })
        let reasons = try ledger.transitions(of: replacement.id).map(\.reason)
        #expect(reasons.contains("rejected: replacement-invalid"), "\(reasons)")
        #expect(try ledger.replacements(of: original.id).isEmpty)
        #expect(try ledger.drop(id: original.id)?.state == .discrepancy)
    }
}
