import CardPrepPostgres
import Foundation

/// What `cardprep ledger migrate` prints: a line per fault and a summary, or one JSON document.
extension LedgerMigrateCommand {
    struct Output: Encodable {
        struct Table: Encodable {
            var name: String
            var rows: Int
            var copied: Int
            var digestVerified: Bool?
        }

        var passed: Bool
        var committed: Bool
        var source: String
        var target: String
        var sourceUpgraded: Bool
        var tables: [Table]
        var rows: Int
        var auditEntries: Int
        var lastSeq: Int64?
        var auditChainVerified: Bool
        var digestsVerified: Int
        var checkpointsVerified: Bool?
        var faults: [String]
    }

    func printReport(
        _ report: LedgerMigrationReport, source: String, target: PostgresLedgerConfiguration, upgraded: Bool, checkpoints: Bool
    ) throws {
        let digests = report.tables.filter { $0.digestVerified == true }.count
        let checkpointFaults = report.faults.contains { $0.hasPrefix("checkpoints: ") }
        let output = Output(
            passed: report.committed, committed: report.committed, source: source, target: target.location,
            sourceUpgraded: upgraded,
            tables: report.tables.map {
                .init(name: $0.name, rows: $0.rows, copied: $0.copied, digestVerified: $0.digestVerified)
            },
            rows: report.rows, auditEntries: report.auditEntries, lastSeq: report.lastSeq,
            auditChainVerified: report.auditChainVerified, digestsVerified: digests,
            checkpointsVerified: checkpoints ? !checkpointFaults : nil, faults: report.faults)
        if json {
            try printJSON(output, format: .ledgerMigrate)
            return
        }
        if upgraded { print("note: the SQLite ledger \(source) was brought up to date with this CardPrep's schema first") }
        report.faults.forEach { print($0) }
        let what =
            "\(report.tables.count) tables, \(report.rows) rows, \(report.auditEntries) audit entries from \(source) to "
            + target.location
        guard report.committed else {
            print(
                "ledger migrate: \(what): \(report.faults.count) fault(s); nothing was committed, the PostgreSQL ledger is "
                    + "still empty")
            return
        }
        print(
            "ledger migrate: \(what): verified (row counts, the audit chain, the digests of \(digests) audited tables"
                + (checkpoints ? ", the pipeline's signed checkpoints)" : ")"))
        print("next: name the ledger in the pipeline file (ledger: \(target.location)) and run cardprep audit verify on it")
    }
}
