import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// A bundle's ledger record checked against its bundle.written audit entry and its line in the vault index.
@Suite struct VaultCrossCheckTests {
    static func archived() throws -> (VaultFixture, VaultBundleRecord) {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        return (fixture, try #require(try fixture.bundles().first))
    }

    @Test func aBundleAsArchivedAgreesWithItsAuditEntryAndIndexLine() throws {
        let (fixture, record) = try Self.archived()
        #expect(try fixture.vault().verify(record, readData: false).faults == [])
        #expect(try fixture.vault().verifyIndex().faults == [])
    }

    @Test func aLedgerDigestThatIsNotTheAuditEntrysIsNamed() throws {
        let (fixture, record) = try Self.archived()
        let other = String(repeating: "ab", count: 32)
        let result = try VaultFixture.shell([
            "sqlite3", fixture.pipeline.ledgerPath, "UPDATE vaultBundle SET sha256 = '\(other)'",
        ])
        #expect(result.status == 0, "\(result.output)")
        let changed = try #require(try fixture.bundles().first)
        let faults = try fixture.vault().verify(changed, readData: false).faults
        let seq = try #require(try fixture.ledger().bundleWritten(bundleID: record.id, dropID: record.dropID)?.seq)
        #expect(faults.contains(.auditDigest(seq: seq, audit: record.sha256, ledger: other)), "\(faults)")
        #expect(
            faults.contains(
                .indexLine(file: fixture.settings.indexFile, line: 1, field: "sha256", index: record.sha256, ledger: other)))
    }

    @Test func editedMissingAndStrayIndexLinesAreNamed() throws {
        let (fixture, record) = try Self.archived()
        let index = fixture.settings.indexFile
        let line = try String(contentsOfFile: index, encoding: .utf8)
        try line.replacingOccurrences(of: "\"unit\":\"\(record.unit)\"", with: "\"unit\":\"ELSEWHERE\"")
            .write(toFile: index, atomically: true, encoding: .utf8)
        #expect(
            try fixture.vault().verify(record, readData: false).faults == [
                .indexLine(file: index, line: 1, field: "unit", index: "ELSEWHERE", ledger: record.unit)
            ])
        try "not json\n{\"id\":\"x\"}\n".write(toFile: index, atomically: true, encoding: .utf8)
        #expect(try fixture.vault().verify(record, readData: false).faults == [.indexLineMissing(file: index)])
        #expect(try fixture.vault().verifyIndex().faults.map(\.subject) == ["index.jsonl", "index.jsonl"])
    }
}
