import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepPostgres
import CardPrepStages
import Foundation
import Logging

/// `cardprep ledger migrate`: a SQLite ledger copied into an empty PostgreSQL ledger, and the copy verified.
struct LedgerMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite ledger into an empty PostgreSQL ledger and verify the copy.",
        discussion: """
            Prepares the PostgreSQL ledger's tables, refuses a target that holds any row (exit 6), copies every table \
            in key order with the same values and row order, sets the identity sequences past the copied keys, and \
            then, before committing, verifies: the rows of every table, the audit chain on PostgreSQL, the last audit \
            entry, and the digests of every table audit checkpoints cover, the same on both databases. With \
            --pipeline, the pipeline's signed checkpoints (<output>/audit, the vault's log, and the bundles when the \
            vault's identity is there) are verified against the copy, as audit verify does. Everything is one \
            transaction: a copy that does not verify (exit 5) or fails half-way leaves the target empty, so the \
            command can simply run again. The SQLite ledger is only read (a ledger from an earlier CardPrep is brought \
            up to date first). With --pipeline the pipeline's lock is held while it copies (exit 75 while a run holds it); \
            without, stop the pipeline's runs first. A claim a worker still holds in the SQLite ledger stops the copy.

            Afterwards, name the PostgreSQL ledger in the pipeline file (ledger: postgres://USER@HOST:PORT/DATABASE, \
            or a ledger: block with password_file) and run cardprep audit verify PIPELINE; keep the SQLite file as it \
            is, as the record of the ledger before the move.

            Example: cardprep ledger migrate --from sqlite:/srv/cardprep/output/ledger.sqlite \
            --to 'postgres://cardprep@db1.bureau.example:5432/cardprep?sslmode=verify-full' \
            --password-file /etc/cardprep/ledger.password --pipeline /srv/cardprep/nightly.yml
            """
    )

    @Option(help: "The SQLite ledger, as sqlite:PATH (default with --pipeline: the pipeline's <output>/ledger.sqlite).")
    var from: String?

    @Option(
        help: """
            The PostgreSQL ledger: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]; its database must be \
            empty (default with --pipeline: the pipeline file's ledger key, when it names PostgreSQL).
            """)
    var to: String?

    @Option(help: "A file holding the PostgreSQL role's password (readable by its owner only), rather than the URL.")
    var passwordFile: String?

    @Option(
        help:
            "The pipeline definition whose signed audit checkpoints are verified against the copy (and whose ledger key may name the target)."
    )
    var pipeline: String?

    @Option(help: "An archive settings file, with --pipeline (default: as audit verify finds it).")
    var archiveSettings: String?

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    func validate() throws {
        CommandFailure.json = json
        if from == nil, pipeline == nil {
            throw CommandFailure.report(
                "name the SQLite ledger with --from sqlite:PATH, or the pipeline with --pipeline", code: .usage)
        }
        if to == nil, pipeline == nil {
            throw CommandFailure.report("name the PostgreSQL ledger with --to postgres://USER@HOST:PORT/DATABASE", code: .usage)
        }
    }

    func run() throws {
        CommandFailure.json = json
        LogSetup.bootstrap(jsonLinesFile: nil, level: .warning)
        let logger = Logger(label: "cardprep")
        let checkpoints = try pipeline.map(checkpointVerifier)
        // The runs of a one-host pipeline take this lock: none runs while its ledger is copied (exit 75 while one does).
        let lock = try checkpoints.map { verifier in
            try failing { try PipelineLock(path: verifier.pipeline.output + "/.lock", wait: false) }
        }
        defer { withExtendedLifetime(lock) {} }
        let path = try sourcePath(pipeline: checkpoints?.pipeline)
        var configuration = try targetConfiguration(pipeline: checkpoints?.pipeline)
        if let passwordFile {
            configuration.password = try failing { try PostgresLedgerConfiguration.password(fromFile: passwordFile) }
        }
        let source = try openSource(path)
        let target = try failing { try PostgresLedgerStore(configuration: configuration, logger: logger) }
        let migration = SQLiteToPostgresMigration(source: source.store, target: target)
        try failing { try migration.prepareTarget() }
        let report = try failing {
            try migration.run(
                checks: { ledger in try checkpoints?.faults(ledger) ?? [] },
                progress: { table, rows in if !json { print("copied \(table): \(rows) row(s)") } })
        }
        try printReport(report, source: path, target: configuration, upgraded: source.upgraded, checkpoints: checkpoints != nil)
        if !report.committed { throw ExitCode(CardPrepExitCode.verificationFailed.rawValue) }
    }

    /// The PostgreSQL ledger: `--to`, or the pipeline file's `ledger` key.
    private func targetConfiguration(pipeline: PipelineDefinition?) throws -> PostgresLedgerConfiguration {
        if let to { return try failing { try PostgresLedgerConfiguration(url: to, place: "--to") } }
        guard case let .postgres(configuration)? = pipeline?.ledger else {
            throw CommandFailure.report(
                "the pipeline file names no PostgreSQL ledger (ledger: postgres://…); name it with --to", code: .usage)
        }
        return configuration
    }

    /// The SQLite ledger's path: `--from` without its `sqlite:`, or the pipeline's ledger.
    private func sourcePath(pipeline: PipelineDefinition?) throws -> String {
        guard let from else { return pipeline!.ledgerPath }
        guard from.hasPrefix("sqlite:") else { throw CommandFailure.report(LedgerMigrationError.sourceNotSQLite(given: from)) }
        let path = String(from.dropFirst("sqlite:".count))
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.report(LedgerMigrationError.sourceMissing(path: path.isEmpty ? from : path))
        }
        return path
    }

    /// The SQLite ledger, read-only when it is up to date; a ledger of an earlier CardPrep is brought up to date first,
    /// as any command that opens it would.
    private func openSource(_ path: String) throws -> (store: SQLiteLedgerStore, upgraded: Bool) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.report(LedgerMigrationError.sourceMissing(path: path))
        }
        if let store = try? SQLiteLedgerStore(path: path, readOnly: true) { return (store, false) }
        return (try failing { try SQLiteLedgerStore(path: path) }, true)
    }

    /// What checks the pipeline's signed checkpoints against a ledger.
    private struct CheckpointVerifier {
        var pipeline: PipelineDefinition
        var settings: ArchiveSettings
        var trusted: [SSHEd25519PublicKey]
        var identities: [any AgeIdentity]?

        func faults(_ ledger: Ledger) throws -> [String] {
            let verification = try AuditVerifier(
                checkpoints: AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: ledger), ledger: ledger,
                trustedKeys: trusted, identities: identities
            ).verify()
            return verification.faults.map { "checkpoints: \($0)" }
        }
    }

    private func checkpointVerifier(_ file: String) throws -> CheckpointVerifier {
        let definition: PipelineDefinition
        let settings: ArchiveSettings
        do {
            definition = try PipelineDefinition.load(path: file)
            settings = try ArchiveSettings.resolved(for: definition, settingsFile: archiveSettings)
        } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        return try failing {
            let keys = VaultKeys(settings: settings)
            let trusted = try keys.trustedKeys(namespace: AuditCheckpoints.namespace, at: Date())
            var identities: [any AgeIdentity]?
            if let identityFile = settings.identityFile, FileManager.default.fileExists(atPath: identityFile) {
                identities = try keys.identities()
            }
            return CheckpointVerifier(pipeline: definition, settings: settings, trusted: trusted, identities: identities)
        }
    }
}
