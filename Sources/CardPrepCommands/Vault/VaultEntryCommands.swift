import ArgumentParser
import CardPrepCore
import CardPrepIO
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault ls`: a bundle's entries, from its signed MANIFEST.
struct VaultListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List a bundle's entries (name, size, SHA-256) from its signed MANIFEST, extracting nothing.",
        discussion: """
            The bundle's detached signature is checked, the bundle is decrypted as a stream with the vault's key \
            (or M --share options where the key is kept only as shares) up to its MANIFEST, and the MANIFEST's \
            signature is checked; nothing is written. Entries marked 'dual control' hold the customer's files as \
            received (card data among them): vault dump reads them only on a statement signed like vault open's.

            Example: cardprep vault ls Pipelines/sample.yml 3f2a9c0d
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id or 8+ hex characters of it, drop id, customer/drop, path in the vault, or a bundle file.")
    var bundle: String
    @OptionGroup var keyShares: VaultKeyShareOptions

    struct Output: Encodable {
        struct Entry: Encodable {
            var name: String, size: Int64, sha256: String, dualControl: Bool
        }

        var bundle: String?
        var path: String
        var dropID: String
        var entries: [Entry]
    }

    func run() throws {
        let (_, ledger, settings, context) = try options.load()
        var vault = Vault(settings: settings, ledger: ledger, context: context)
        let (record, path) = try VaultEntryTarget.resolve(bundle, in: vault)
        vault.recombinedKey = try keyShares.recombinedKey(settings: settings)
        let manifest = try VaultEntryTarget.reading { try vault.manifest(path: path) }
        let entries = manifest.entries
        if options.json {
            return try printJSON(
                Output(bundle: record?.id, path: path, dropID: manifest.dropID, entries: entries.map {
                    .init(name: $0.name, size: $0.size, sha256: $0.sha256, dualControl: Vault.entryNeedsDualControl($0.name))
                }), format: .vaultList)
        }
        print("bundle \(record?.id ?? path): drop \(manifest.customer)/\(manifest.drop), \(manifest.entries.count) entries (MANIFEST signed)")
        for entry in entries {
            let size = String(entry.size).leftPadded(to: 12)
            print("\(size)  \(entry.sha256.prefix(16))  \(entry.name)\(Vault.entryNeedsDualControl(entry.name) ? "  (dual control)" : "")")
        }
    }
}

/// `cardprep vault dump`: one entry of a bundle, checked against its signed MANIFEST.
struct VaultDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Read one entry of a bundle to standard output or a file, checked against its signed MANIFEST.",
        discussion: """
            The bundle is decrypted as a stream up to the entry; nothing else is written. With --out the file appears \
            only once the entry's size and SHA-256 agree with the signed MANIFEST (exit 5 and no file otherwise); on \
            standard output the bytes go out as they are read, and a mismatch still ends with exit 5. Every read is an \
            audit event. With --json (and --out), the entry's name, size and SHA-256 are printed as JSON.

            The customer's files as received (received/…, card data among them) are read under the same dual control \
            as vault open: run first without --statement to get the statement, naming the entry and where it goes, \
            for the opener and the witness to sign (exit 64), then again with --statement and their signatures. The \
            other entries (MANIFEST, orders, custody.jsonl, audit checkpoints) need the vault's key only.

            Examples: cardprep vault dump Pipelines/sample.yml 3f2a9c0d custody.jsonl
                      cardprep vault dump Pipelines/sample.yml 3f2a9c0d received/order.xml --out /secure/order.xml \\
                      --opener alice --witness bob --reason "dispute 2026-114"
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id or 8+ hex characters of it, drop id, customer/drop, path in the vault, or a bundle file.")
    var bundle: String
    @Argument(help: "The entry, as vault ls lists it.") var entry: String
    @Option(help: "Write the entry to this new file instead of standard output.") var out: String?
    @Option(help: "For an entry under dual control: the person id who reads it.") var opener: String?
    @Option(help: "For an entry under dual control: the person id who witnesses it; another person.") var witness: String?
    @Option(help: "For an entry under dual control: why it is read.") var reason: String?
    @OptionGroup var signed: StatementOptions
    @OptionGroup var keyShares: VaultKeyShareOptions

    func validate() throws {
        if options.json, out == nil { throw ValidationError("--json needs --out: the entry goes to the file, the JSON to standard output") }
        options.validateJSON()
        if let opener, opener == witness { throw ValidationError("the opener and the witness must be different people") }
    }

    func run() throws {
        let (definition, ledger, settings, context) = try options.load()
        var vault = Vault(settings: settings, ledger: ledger, context: context)
        let (record, path) = try VaultEntryTarget.resolve(bundle, in: vault)
        if let out, FileManager.default.fileExists(atPath: out) {
            throw CommandFailure.report("\(out) exists already; give a new file", code: .usage)
        }
        let destination = out ?? "-"
        var approval: VerifiedStatement?
        if Vault.entryNeedsDualControl(entry) {
            guard let opener, let witness, let reason else {
                throw CommandFailure.report(
                    "\(entry) holds the customer's files as received: give --opener, --witness and --reason, and sign the statement printed",
                    code: .usage)
            }
            let request = Vault.readRequest(
                pipeline: definition, bundle: record, path: path, entry: entry, to: destination, opener: opener, witness: witness,
                reason: reason)
            var rerun = options.commandWords("dump", pipeline: definition) + [record?.id ?? absolutePath(path), entry]
            if let out { rerun += ["--out", absolutePath(out)] }
            rerun += ["--opener", opener, "--witness", witness, "--reason", reason]
            approval = try signed.approval(
                for: request, dualControl: try options.dualControl(definition, ledger, context), rerun: rerun, json: options.json)
        }
        vault.recombinedKey = try keyShares.recombinedKey(settings: settings)
        guard let out else {
            var sink = FileByteSink(standardOutput: ())
            _ = try VaultEntryTarget.reading { try vault.read(path: path, entry: entry, into: &sink, destination: "-", approval: approval) }
            return
        }
        var writer = try failing { try AtomicFileWriter(path: out, mode: 0o600, overwrite: false) }
        let listed = try VaultEntryTarget.reading {
            try vault.read(path: path, entry: entry, into: &writer, destination: out, approval: approval)
        }
        try failing { try writer.commit() }
        if options.json {
            struct Output: Encodable { var bundle: String?, entry: String, size: Int64, sha256: String, out: String }
            return try printJSON(Output(bundle: record?.id, entry: entry, size: listed.size, sha256: listed.sha256, out: absolutePath(out)), format: .vaultDump)
        }
        FileHandle.standardError.write(Data("vault: \(entry) (\(listed.size) bytes, SHA-256 as signed) written to \(out)\n".utf8))
    }
}

/// The bundle a vault ls or dump names, and the exit codes of reading it.
enum VaultEntryTarget {
    /// The recorded bundle and its path, or a bundle file the vault does not record.
    static func resolve(_ reference: String, in vault: Vault) throws -> (VaultBundleRecord?, String) {
        if let record = try? vault.bundle(named: reference) { return (record, vault.path(of: record)) }
        guard FileManager.default.fileExists(atPath: reference) else {
            throw CommandFailure.report(
                "no bundle \(reference) in the vault index: give its id (8 or more hex characters), its drop as customer/drop, "
                    + "its path, or a bundle file (cardprep vault find lists them)", code: .usage)
        }
        return (nil, reference)
    }

    /// Runs a read: a signature, digest or statement that does not verify is exit 5, an unlisted entry exit 64.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let exit as ExitCode { throw exit } catch let error as VaultError {
            switch error {
            case .refused: throw CommandFailure.report("\(error)", code: .verificationFailed)
            case .notFound: throw CommandFailure.report("\(error)", code: .usage)
            default: throw CommandFailure.report("\(error)", code: .failure)
            }
        } catch {
            throw CommandFailure.report(error)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
