import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation
import Logging

/// `cardprep vault`: the security vault of archived drops.
public struct VaultCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "The security vault: find, verify, open, lend and return, purge archived bundles.",
        discussion: """
            Bundles live in the vault as <contract>/<unit>/<product>/<date>_<quantity>_<id>.tar.zst.age, encrypted \
            with age to the vault's recipients, with a detached SSH signature (.sig) beside each. Every command takes \
            the pipeline file first; the vault's settings are read from archive.yml beside it (or --archive-settings).

            open, checkout and checkin are done under dual control: run without --statement, they print a statement \
            for the people named to sign (ssh-keygen -Y sign -n cardprep-statement, or cardprep sign) and the command \
            to run with --statement and a --signature per person. The people, their roles and keys are in the \
            pipeline's register (people/<id>.yml); the rules in its dual_control block.

            Example: cardprep vault verify Pipelines/sample.yml 3f2a9c0d11e4b7a2 --read-data

            \(ExitCodeTable.helpText)
            """,
        subcommands: [
            VaultArchiveCommand.self, VaultFindCommand.self, VaultListCommand.self, VaultDumpCommand.self, VaultVerifyCommand.self, VaultOpenCommand.self, VaultCheckoutCommand.self,
            VaultCheckinCommand.self, VaultHistoryCommand.self, VaultPurgeCommand.self, VaultReindexCommand.self,
        ]
    )

    public init() {}
}

/// The options every vault and audit command shares: the pipeline, the archive settings, JSON output.
struct VaultOptions: ParsableArguments {
    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Option(help: "An archive settings file (default: archive.yml beside the pipeline file when present, else the pipeline's vault block).")
    var archiveSettings: String?

    @Option(help: "The vault folder (overrides the settings file).")
    var vault: String?

    @Option(help: "The age identity file that opens bundles (overrides the settings file).")
    var vaultIdentity: String?

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws { validateJSON() }

    /// Sets JSON failure reports for a command whose own `validate` replaces this one's.
    func validateJSON() { CommandFailure.json = json }

    /// The pipeline, ledger, settings and context, or a usage or failure exit.
    func load() throws -> (PipelineDefinition, Ledger, ArchiveSettings, RunContext) {
        CommandFailure.json = json
        let definition: PipelineDefinition
        var settings: ArchiveSettings
        do {
            definition = try PipelineDefinition.load(path: pipeline)
            settings = try ArchiveSettings.resolved(for: definition, settingsFile: archiveSettings)
        } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        if let vault { settings.vaultFolder = vault }
        if let vaultIdentity { settings.identityFile = vaultIdentity }
        let ledger: Ledger
        do { ledger = try definition.openLedger() } catch { throw CommandFailure.report(error) }
        LogSetup.bootstrap(jsonLinesFile: nil, level: .warning)
        return (definition, ledger, settings, RunContext.live(logger: Logger(label: "cardprep")))
    }

    /// The words of `cardprep vault SUBCOMMAND` with these options, for commands printed for people to paste.
    func commandWords(_ subcommand: String, pipeline definition: PipelineDefinition) -> [String] {
        var words = ["cardprep", "vault", subcommand, definition.absoluteFile]
        if let archiveSettings { words += ["--archive-settings", URL(fileURLWithPath: archiveSettings).standardizedFileURL.path] }
        if let vault { words += ["--vault", URL(fileURLWithPath: vault).standardizedFileURL.path] }
        if let vaultIdentity { words += ["--vault-identity", URL(fileURLWithPath: vaultIdentity).standardizedFileURL.path] }
        return words
    }

    /// The pipeline's register of people and dual-control rules.
    func dualControl(_ definition: PipelineDefinition, _ ledger: Ledger, _ context: RunContext) throws -> DualControl {
        do { return try DualControl(pipeline: definition, ledger: ledger, context: context) } catch {
            throw CommandFailure.report(error)
        }
    }

    /// The vault of the loaded settings.
    func vaultAndLedger() throws -> (Vault, Ledger, ArchiveSettings) {
        let (_, ledger, settings, context) = try load()
        return (Vault(settings: settings, ledger: ledger, context: context), ledger, settings)
    }
}

/// Runs `body`, turning any error into the failure exit code with its message.
func failing<T>(_ code: CardPrepExitCode? = nil, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let exit as ExitCode { throw exit } catch {
        guard let code else { throw CommandFailure.report(error) }
        throw CommandFailure.report("\(error)", code: code)
    }
}

/// A bundle as `find` and `history` print it.
struct BundleLine {
    static func text(_ record: VaultBundleRecord) -> String {
        let state = record.purged ? "purged" : "kept until \(Timestamp.iso8601(record.retainUntil).prefix(10))"
        return "\(record.id)  \(record.date)  \(record.contract)/\(record.unit)/\(record.product)  qty \(record.quantity)  \(state)  \(record.path)"
    }
}
