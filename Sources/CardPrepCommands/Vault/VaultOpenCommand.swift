import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault open`: decrypt and extract a bundle into a new folder, under dual control.
struct VaultOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Decrypt a bundle into a new folder, on a statement signed by two people (opener and witness).",
        discussion: """
            Run first without --statement: the statement to sign is written under <output>/statements and printed with \
            the commands each person signs it with, and the command to run then (exit 64 until it is signed). With the \
            statement and both signatures, which must verify against the register of people (by default two different \
            people with the security role), the bundle's signature is checked, and it is extracted: absolute names, \
            '..', symbolic and hard links and device entries are refused, and a refused bundle leaves nothing behind. \
            The folder must not exist yet. Where the vault key is kept only as custodians' shares, add M --share \
            options to the run with the signatures (see cardprep keys split): the key is recombined in memory for \
            this opening only. A signature that does not verify, a key not in the register, the wrong \
            role, the same person twice, another statement or a stale one: exit 5, nothing opened.

            Example: cardprep vault open Pipelines/sample.yml 3f2a9c0d11e4b7a2 --to /secure/dispute-114 \\
            --opener alice --witness bob --reason "dispute 2026-114"
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id, drop id, path in the vault, or a bundle file.") var bundle: String
    @Option(help: "The folder to create and extract into.") var to: String
    @Option(help: "The person id (in the register of people) who opens the bundle.") var opener: String
    @Option(help: "The person id who witnesses it; another person.") var witness: String
    @Option(help: "Why the bundle is opened.") var reason: String
    @OptionGroup var signed: StatementOptions
    @OptionGroup var keyShares: VaultKeyShareOptions

    struct Output: Encodable {
        var folder: String
        var entries: [String]
        var signedBy: [String]
        var statement: String
    }

    func validate() throws {
        if opener == witness { throw ValidationError("the opener and the witness must be different people") }
        if !keyShares.shares.isEmpty, options.vaultIdentity != nil {
            throw ValidationError("give either --share (the vault key's shares) or --vault-identity, not both")
        }
    }

    func run() throws {
        let (definition, ledger, settings, context) = try options.load()
        var vault = Vault(settings: settings, ledger: ledger, context: context)
        let record = try? vault.bundle(named: bundle)
        let path = record.map(vault.path(of:)) ?? bundle
        guard !FileManager.default.fileExists(atPath: to) else {
            throw CommandFailure.report("\(to) exists already; open into a new folder", code: .usage)
        }
        let request = Vault.openRequest(
            pipeline: definition, bundle: record, path: path, to: to, opener: opener, witness: witness, reason: reason)
        var rerun = options.commandWords("open", pipeline: definition)
        rerun += [
            record?.id ?? absolutePath(path), "--to", absolutePath(to), "--opener", opener, "--witness", witness, "--reason",
            reason,
        ]
        let approval = try signed.approval(
            for: request, dualControl: try options.dualControl(definition, ledger, context), rerun: rerun, json: options.json)
        vault.recombinedKey = try keyShares.recombinedKey(settings: settings)
        let entries: [String]
        do { entries = try vault.open(path: path, to: to, approval: approval).map(\.name) } catch let error as VaultError {
            if case .refused = error { throw CommandFailure.report("\(error)", code: .verificationFailed) }
            throw CommandFailure.report("\(error)", code: .failure)
        } catch {
            throw CommandFailure.report(error)
        }
        if options.json {
            return try printJSON(
                Output(folder: to, entries: entries, signedBy: approval.signers.map(\.person.id), statement: approval.digest), format: .vaultOpen)
        }
        print(
            "vault: \(entries.count) entr\(entries.count == 1 ? "y" : "ies") extracted into \(to), opened by \(opener) witnessed by \(witness)"
        )
    }
}

/// `path` made absolute and tidy, as printed commands and statements name files.
func absolutePath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
