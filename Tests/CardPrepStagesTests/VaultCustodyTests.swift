import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct VaultCustodyTests {
    static let archives = VaultFixture.repositoryRoot + "/Fixtures/archives"

    @Test(arguments: [
        "parent-segment.tar", "nested-parent.tar", "absolute-path.tar", "symlink-escape.tar", "symlink-escape.tar.zst",
        "symlink-parent.tar", "hardlink.tar", "char-device.tar", "fifo.tar", "duplicate-entry.tar",
    ])
    func openRefusesHostileArchivesAndWritesNothingOutside(file: String) throws {
        let fixture = try VaultFixture(customers: 1)
        let outside = fixture.root + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let bundle = fixture.root + "/hostile.tar.zst.age"
        try fixture.sealForVault(Array(try Data(contentsOf: URL(fileURLWithPath: Self.archives + "/" + file))), at: bundle)
        let approval = try fixture.openApproval(path: bundle, to: outside + "/target")
        #expect(throws: VaultError.self) { try fixture.vault().open(path: bundle, to: outside + "/target", approval: approval) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/cardprep-fixture-symlink-evil"))
    }

    @Test func openExtractsAGoodBundleAndRefusesOneWithABadSignature() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let record = try #require(try fixture.bundles().first)
        let entries = try fixture.vault().open(
            path: fixture.bundlePath(record), to: fixture.root + "/opened",
            approval: try fixture.openApproval(path: fixture.bundlePath(record), to: fixture.root + "/opened"))
        #expect(entries.contains { $0.name == "MANIFEST" })
        #expect(FileManager.default.fileExists(atPath: fixture.root + "/opened/custody.jsonl"))
        #expect(try fixture.ledger().auditEntries(dropID: record.dropID).last?.event == "bundle.opened")
        try "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"
            .write(toFile: fixture.bundlePath(record) + ".sig", atomically: true, encoding: .utf8)
        let again = try fixture.openApproval(path: fixture.bundlePath(record), to: fixture.root + "/again")
        #expect(throws: VaultError.self) { try fixture.vault().open(path: fixture.bundlePath(record), to: fixture.root + "/again", approval: again) }
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/again"))
    }

    @Test func checkoutAndCheckinAreRecordedAndAChangedBundleIsDetected() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let record = try #require(try fixture.bundles().first)
        let vault = try fixture.vault()
        let loan = try vault.checkOut(record, approval: try fixture.checkoutApproval(record, "alice", "bob", "dispute 114"))
        #expect(loan.seq != nil && loan.inAt == nil)
        #expect(loan.borrower == "alice" && loan.approvedBy == "bob" && loan.checkoutStatement != nil)
        #expect(throws: LedgerError.self) { try vault.checkOut(record, approval: try fixture.checkoutApproval(record, "carol", "bob", "x")) }
        let returned = try vault.checkIn(record, approval: try fixture.checkinApproval(record, "alice", "bob"))
        #expect(returned.returnedUnchanged == true && returned.returnedBy == "alice" && returned.receivedBy == "bob")
        #expect(throws: LedgerError.self) { try vault.checkIn(record, approval: try fixture.checkinApproval(record, "alice", "bob")) }

        _ = try vault.checkOut(record, approval: try fixture.checkoutApproval(record, "alice", "bob", "audit"))
        let handle = try #require(FileHandle(forUpdatingAtPath: fixture.bundlePath(record)))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xFF, 0x00]))
        try handle.close()
        let back = try vault.checkIn(record, approval: try fixture.checkinApproval(record, "alice", "bob"))
        #expect(back.returnedUnchanged == false)
        let (entries, loans) = try vault.history(record)
        #expect(loans.count == 2)
        let custody = entries.map(\.event)
        #expect(custody.filter { $0 == "bundle.checkout" }.count == 2 && custody.filter { $0 == "bundle.checkin" }.count == 2)
        #expect(entries.last?.details.contains("unchanged=false") == true)
        #expect(custody.first { $0 != "drop.state" } == "drop.received")
    }

    @Test func purgeExpiredRemovesOnlyExpiredBundles() throws {
        let fixture = try VaultFixture(customers: 2)
        let drops = try fixture.ledger().drops()
        let later = Vault.retainUntil(fixture.start, months: 13)
        try fixture.archive([drops[0].id], at: fixture.start)
        try fixture.archive([drops[1].id], at: later)
        let old = try #require(try fixture.ledger().bundle(dropID: drops[0].id))
        let young = try #require(try fixture.ledger().bundle(dropID: drops[1].id))

        let early = try fixture.vault(at: Vault.retainUntil(fixture.start, months: 23)).purgeExpired()
        #expect(early.removed.isEmpty && early.kept == 2)

        let when = Vault.retainUntil(fixture.start, months: 24).addingTimeInterval(60)
        let report = try fixture.vault(at: when).purgeExpired()
        #expect(report.removed == [old.path])
        #expect(report.kept == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.bundlePath(old)))
        #expect(!FileManager.default.fileExists(atPath: fixture.bundlePath(old) + ".sig"))
        #expect(FileManager.default.fileExists(atPath: fixture.bundlePath(young)))
        #expect(try fixture.ledger().bundle(id: old.id)?.purged == true)
        #expect(try fixture.ledger().auditEntries(dropID: old.dropID).last?.event == "bundle.purged")
        #expect(try VaultIndex(settings: fixture.settings, ledger: fixture.ledger()).lines().map(\.id) == [young.id])
    }

    @Test func anExpiredBundleThatIsCheckedOutIsKept() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let record = try #require(try fixture.bundles().first)
        _ = try fixture.vault().checkOut(record, approval: try fixture.checkoutApproval(record, "alice", "bob", "court order"))
        let report = try fixture.vault(at: Vault.retainUntil(fixture.start, months: 30)).purgeExpired()
        #expect(report.removed.isEmpty && report.keptCheckedOut == [record.path])
    }
}
