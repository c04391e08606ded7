import CardPrepLedger
import CardPrepPostgres
import Foundation
import Logging

/// The checks of the pipeline's ledger (`ledger`): a PostgreSQL ledger's server is reached with the pipeline's own
/// settings (connect deadline, password file, TLS) and its schema version compared with this CardPrep's; a SQLite
/// ledger's folder is left to the folder checks. Nothing is written: an empty database is reported, not prepared.
struct LedgerChecks {
    let pipeline: PipelineDefinition
    let lines: PipelineLines

    func run(counts: inout [String: Int]) -> [ConfigurationProblem] {
        guard case let .postgres(configuration) = pipeline.ledger else { return [] }
        let line = lines.line("ledger")
        func finding(_ severity: ConfigurationProblem.Severity, _ reason: String) -> ConfigurationProblem {
            ConfigurationProblem(.ledger, severity, file: pipeline.file, line: line, reason: reason)
        }
        counts["ledger", default: 0] += 1
        do {
            let store = try PostgresLedgerStore(
                configuration: configuration, logger: Logger(label: "cardprep.check") { _ in SwiftLogNoOpLogHandler() })
            switch try store.ledgerSchemaVersion() {
            case nil:
                return [finding(.note, "the database \(configuration.server) holds no ledger yet; the first run creates its tables")]
            case let version? where version > PostgresLedgerSchema.latest:
                return [finding(.problem, "\(PostgresLedgerError.schemaTooNew(server: configuration.server, version: version, known: PostgresLedgerSchema.latest))")]
            case let version? where version < PostgresLedgerSchema.latest:
                return [finding(.note, "the ledger \(configuration.server) is at schema version \(version); the next run brings it to \(PostgresLedgerSchema.latest)")]
            default:
                return []
            }
        } catch {
            return [finding(.problem, "\(error)")]
        }
    }
}
