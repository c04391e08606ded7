import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// The supplementary bundle of an archived drop's remake lives and dies with the drop's bundle: `vault purge --expired`
/// removes both, names the supplements in the `bundle.purged` event, and leaves another drop's alone; `vault verify`
/// no longer checks a purged drop's supplement.
@Suite struct ArchivedRemakePurgeTests {
    /// Records a reconciled remake of `dropID` with a supplementary bundle at `path` (a file put there for the test).
    static func recordSupplement(of dropID: String, bundle: VaultBundleRecord, path: String, fixture: VaultFixture) throws {
        let ledger = try fixture.ledger()
        let digest = String((dropID + String(repeating: "a", count: 64)).prefix(64))
        let statement = SignedStatementRecord(
            digest: digest, action: "cards.remake", subject: "drop \(dropID)", nonce: String(digest.prefix(32)), requestedAt: Date(),
            acceptedAt: Date(), signers: "", keys: "", text: "", signatures: "")
        var remake = ArchivedRemakeRecord(
            remakeJob: "\(dropID.prefix(12))-J01-R01", remakeSequence: 1, dropID: dropID, bundleID: bundle.id, orderID: "ORD-1",
            spoiledSerial: "CS00000001", remadeAt: fixture.start)
        try ledger.recordRemakes(
            [], jobFiles: [], statement: statement, event: AuditEvent(event: "cards.remade", dropID: dropID, actor: "erin+frank", host: "h"),
            archived: [remake], at: fixture.start)
        try FileManager.default.createDirectory(
            atPath: (fixture.settings.vaultFolder + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        for file in [path, path + ".sig"] {
            try Data("supplement".utf8).write(to: URL(fileURLWithPath: fixture.settings.vaultFolder + "/" + file))
        }
        remake.state = .reconciled
        remake.supplementPath = path
        remake.supplementSHA256 = String(repeating: "0", count: 64)
        try ledger.recordArchivedRemake(
            remake, floorReports: nil, event: AuditEvent(event: "remake.reconciled", dropID: dropID, actor: "system", host: "h"),
            at: fixture.start)
    }

    @Test func aDropsSupplementaryBundleIsPurgedWithItsBundle() throws {
        let fixture = try VaultFixture(customers: 2)
        let drops = try fixture.ledger().drops()
        try fixture.archive([drops[0].id], at: fixture.start)
        try fixture.archive([drops[1].id], at: Vault.retainUntil(fixture.start, months: 13))
        let old = try #require(try fixture.ledger().bundle(dropID: drops[0].id))
        let young = try #require(try fixture.ledger().bundle(dropID: drops[1].id))
        let oldSupplement = (old.path as NSString).deletingPathExtension + "-J01-R01-1.tar.zst.age"
        let youngSupplement = (young.path as NSString).deletingPathExtension + "-J01-R01-1.tar.zst.age"
        try Self.recordSupplement(of: old.dropID, bundle: old, path: oldSupplement, fixture: fixture)
        try Self.recordSupplement(of: young.dropID, bundle: young, path: youngSupplement, fixture: fixture)
        #expect(try fixture.vault().verifySupplements(readData: false).count == 2)

        let report = try fixture.vault(at: Vault.retainUntil(fixture.start, months: 24).addingTimeInterval(60)).purgeExpired()
        #expect(report.removed == [old.path])
        let vault = fixture.settings.vaultFolder
        #expect(!FileManager.default.fileExists(atPath: vault + "/" + oldSupplement))
        #expect(!FileManager.default.fileExists(atPath: vault + "/" + oldSupplement + ".sig"))
        #expect(FileManager.default.fileExists(atPath: vault + "/" + youngSupplement))
        let purged = try #require(try fixture.ledger().auditEntries(dropID: old.dropID).last)
        #expect(purged.event == "bundle.purged" && purged.details.contains("supplements=\(oldSupplement)"), "\(purged.details)")
        let remaining = try fixture.vault().verifySupplements(readData: false)
        #expect(remaining.map(\.path) == [vault + "/" + youngSupplement])
        // A file that is not a bundle does not verify: the check is real.
        #expect(remaining.allSatisfy { !$0.passed })
    }
}
