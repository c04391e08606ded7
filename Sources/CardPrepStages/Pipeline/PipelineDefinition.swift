import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// A pipeline definition (`Pipelines/*.yml`): where drops come from and go to, the keys, the customers and
/// the stages in order. Relative paths are taken from the folder holding the file.
public struct PipelineDefinition: Sendable, Equatable {
    /// The stages a pipeline may name, in the only order they can run.
    public enum Stage: String, Sendable, CaseIterable {
        case ingest
        case validate
        case transform
        case reconcile
        case inspect
        case archive
    }

    /// The file the definition was read from.
    public var file: String
    public var name: String
    /// The bureau's name as customers know it, for documents sent to them (`bureau`); nil: the pipeline's name.
    public var bureau: String?
    /// A folder of report templates (`report_templates`) that replace the built-in ones of the same name; nil: built-in.
    public var reportTemplates: String?
    /// The inbox: one folder per customer, one folder per drop inside.
    public var inbox: String
    /// The root of everything the pipeline writes: ledger, work folders, kept originals, quarantine, data keys.
    public var output: String
    /// The bureau's age identity file (decrypts inbound card data).
    public var identityFile: String
    /// The bureau's signing key: an OpenSSH Ed25519 key file, or a key in the token (`pkcs11:` URI).
    public var signingKey: KeyReference?
    /// The key for card fingerprints (HMAC-SHA256): a key file, or a generic secret in the token.
    public var fingerprintKey: KeyReference?
    /// How the token holding keys is reached (the `pkcs11` block); nil when no key is in a token.
    public var token: TokenSettings?
    /// The loader of the keys above, files and token alike.
    public var keys: BureauKeys { BureauKeys(token: token) }
    /// The bureau's OpenPGP secret key file (decrypts card data from customers whose profile says
    /// `card_data_encryption: openpgp`); nil when no customer sends OpenPGP.
    public var openPGPIdentityFile: String?
    /// A file holding the passphrase of the OpenPGP secret key (its first line); nil for a key without one.
    public var openPGPPassphraseFile: String?
    /// The folder of customer profiles (`<customer>.yml`).
    public var customersFolder: String
    /// The folder of machine profiles (`<machine>.yml`).
    public var machinesFolder: String
    /// The order schema orders are validated against.
    public var orderSchemaFile: String
    /// Where job files for the production stations are delivered, one folder per machine.
    public var jobsOutbox: String
    /// Where production results, shipping manifests, stock movements and destruction records arrive, one folder per order.
    public var productionInputs: String
    public var stages: [Stage]
    /// The vault and how drops are archived to it; nil when the pipeline has no `vault` block.
    public var archive: ArchiveSettings?
    /// How long a drop's files must be left unchanged before it is taken (uploads still settling).
    public var settleTime: Duration
    /// How long an incomplete upload may sit in the inbox before it is reported as stale.
    public var staleAfter: Duration
    /// The register of people: one `<id>.yml` per person (`people` beside the pipeline file by default).
    public var peopleFolder: String
    /// Who must sign what, and how long a statement stays usable (the `dual_control` block, or the defaults).
    public var dualControl: DualControlPolicy
    /// Where each run writes its metrics for node_exporter's textfile collector (`metrics`; default
    /// `<output>/metrics/cardprep.prom`).
    public var metricsFile: String = ""
    /// Where what goes back to customers is published, `<customer>/<drop>/` below it (`customer_outbox`; default
    /// `<output>/customer-outbox`).
    public var customerOutbox: String = ""

    /// How long a worker's claim on a drop's stage holds unless renewed, in seconds (`lease_seconds`, default 60):
    /// a worker that dies holding one leaves the drop to another after this long.
    public var leaseSeconds: Int = 60

    /// The definition file as an absolute path, for commands printed for people to paste.
    public var absoluteFile: String { URL(fileURLWithPath: file).standardizedFileURL.path }
    /// The Unix group that may read what the pipeline writes (the output folder is given to it, set-group-ID);
    /// nil: the owner alone.
    public var group: String?
    /// Where the ledger lives (`ledger`): a SQLite file, by default `<output>/ledger.sqlite`, or a PostgreSQL
    /// database several hosts share.
    public var ledger: LedgerLocation {
        get { namedLedger ?? .sqlite(path: output + "/ledger.sqlite") }
        set { namedLedger = newValue }
    }
    /// The ledger the pipeline file names; nil for the default.
    var namedLedger: LedgerLocation?
    /// The SQLite ledger's file: the one the `ledger` key names, or `<output>/ledger.sqlite`.
    public var ledgerPath: String {
        if case let .sqlite(path) = ledger { return path }
        return output + "/ledger.sqlite"
    }
    /// Work folders, one per drop, holding only encrypted card data and stage outputs.
    public var workFolder: String { output + "/work" }
    /// The customers' files as received, kept for the archive.
    public var receivedFolder: String { output + "/received" }
    /// Drops refused, with their reasons.
    public var quarantineFolder: String { output + "/quarantine" }
    /// Per-drop data keys; deleting one crypto-shreds that drop's working copies.
    public var dataKeyFolder: String { output + "/keys/drops" }
    /// The lock file that keeps runs apart: one for the pipeline on a SQLite ledger; one per host on a shared
    /// ledger (`.lock-<host>`), where claims in the ledger keep the hosts' runs apart.
    public var lockPath: String { ledger.isShared ? output + "/.lock-" + WorkerHost.name : output + "/.lock" }

    /// Reads and checks a pipeline definition.
    /// - Throws: `ConfigurationError` naming the line of the first mistake.
    public static func load(path: String) throws(ConfigurationError) -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, reason: "cannot read the file")
        }
        return try parse(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses definition text; `file` names it in errors and anchors relative paths.
    /// - Throws: `ConfigurationError` naming the line of the first mistake.
    public static func parse(text: String, file: String) throws(ConfigurationError) -> PipelineDefinition {
        var root = try ConfigurationMapping.parse(text: text, file: file)
        try root.expectOnly(["version", "name", "inbox", "output", "customers", "machines", "order_schema", "jobs_outbox", "production_inputs", "keys",
                             "stages", "inbox_rules", "vault", "people", "dual_control", "group", "pkcs11", "metrics", "bureau",
                             "report_templates",
                             "lease_seconds",
                             "customer_outbox", "ledger"])
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
        }
        guard try root.optionalInt("version") == 1 else { throw root.error("version", "must be 1") }
        let name = try root.string("name")
        let inbox = resolve(try root.string("inbox"))
        let output = resolve(try root.string("output"))
        let ledger = try LedgerLocationReader.read(&root, output: output, resolve: resolve)
        let customers = resolve(try root.optionalString("customers") ?? "customers")
        let machines = resolve(try root.optionalString("machines") ?? "machines")
        let people = resolve(try root.optionalString("people") ?? "people")
        let dualControl = try DualControlSettings.read(try root.optionalMapping("dual_control"))
        let group = try root.optionalString("group")
        let metrics = try root.optionalString("metrics").map(resolve)
        let customerOutbox = try root.optionalString("customer_outbox").map(resolve)
        let schema = resolve(try root.optionalString("order_schema") ?? "schemas/order-v1.xsd")
        let outbox = resolve(try root.optionalString("jobs_outbox") ?? (output + "/outbox"))
        let production = resolve(try root.optionalString("production_inputs") ?? (output + "/production"))
        guard var keys = try root.optionalMapping("keys") else { throw root.error("keys", "is required") }
        try keys.expectOnly(["identity", "signing", "fingerprint", "openpgp_identity", "openpgp_passphrase"])
        let identity = resolve(try keys.string("identity"))
        let token = try TokenSettingsReader.read(try root.optionalMapping("pkcs11"), resolve: resolve)
        let signing = try TokenSettingsReader.key("signing", of: &keys, token: token, resolve: resolve)
        let fingerprint = try TokenSettingsReader.key("fingerprint", of: &keys, token: token, resolve: resolve)
        let openPGPIdentity = try keys.optionalString("openpgp_identity").map(resolve)
        let openPGPPassphrase = try keys.optionalString("openpgp_passphrase").map(resolve)
        if openPGPPassphrase != nil, openPGPIdentity == nil {
            throw keys.error("openpgp_passphrase", "is the passphrase of openpgp_identity, which is not given")
        }
        try keys.rejectUnknownKeys()
        var stages: [Stage] = []
        for stageName in try root.stringList("stages") ?? ["ingest"] {
            guard let stage = Stage(rawValue: stageName) else {
                let known = Stage.allCases.map(\.rawValue).joined(separator: ", ")
                throw root.error("stages", "unknown stage '\(stageName)' (known: \(known))")
            }
            stages.append(stage)
        }
        guard stages == Stage.allCases.filter(stages.contains) else {
            throw root.error("stages", "stages must be listed once each, in pipeline order")
        }
        var settle: Duration = .seconds(60)
        var stale: Duration = .seconds(6 * 3600)
        if var inboxRules = try root.optionalMapping("inbox_rules") {
            settle = try inboxRules.optionalDuration("settle") ?? settle
            stale = try inboxRules.optionalDuration("stale_after") ?? stale
            try inboxRules.rejectUnknownKeys()
        }
        var archive: ArchiveSettings?
        if var vault = try root.optionalMapping("vault") {
            try vault.expectOnly(["folder", "recipients", "identity", "allowed_signers", "retention_months"])
            var settings = ArchiveSettings(vaultFolder: resolve(try vault.optionalString("folder") ?? (output + "/vault")),
                                           signingKey: signing, token: token, orderSchemaFile: schema)
            settings.recipientsFile = try vault.optionalString("recipients").map(resolve)
            settings.identityFile = try vault.optionalString("identity").map(resolve)
            settings.allowedSignersFile = try vault.optionalString("allowed_signers").map(resolve)
            if let months = try vault.optionalInt("retention_months") {
                guard months >= 1 else { throw vault.error("retention_months", "must be at least 1") }
                settings.retentionMonths = months
            }
            try vault.rejectUnknownKeys()
            archive = settings
        }
        if stages.contains(.archive), archive == nil { throw root.error("stages", "the archive stage needs a 'vault' block") }
        let bureau = try root.optionalString("bureau")
        let reportTemplates = try root.optionalString("report_templates").map(resolve)
        let leaseSeconds = try root.optionalInt("lease_seconds") ?? 60
        guard (2...3600).contains(leaseSeconds) else {
            throw root.error("lease_seconds", "a claim's lease must be 2 to 3600 seconds (default 60); it is renewed every third of it")
        }
        try root.rejectUnknownKeys()
        var definition = PipelineDefinition(
            file: file, name: name, inbox: inbox, output: output, identityFile: identity, signingKey: signing,
            fingerprintKey: fingerprint, token: token, openPGPIdentityFile: openPGPIdentity,
            openPGPPassphraseFile: openPGPPassphrase, customersFolder: customers, machinesFolder: machines, orderSchemaFile: schema,
            jobsOutbox: outbox, productionInputs: production, stages: stages, archive: archive, settleTime: settle, staleAfter: stale,
            peopleFolder: people, dualControl: dualControl, group: group
        )
        definition.ledger = ledger
        definition.metricsFile = metrics ?? (output + "/metrics/cardprep.prom")
        definition.customerOutbox = customerOutbox ?? (output + "/customer-outbox")
        definition.bureau = bureau
        definition.reportTemplates = reportTemplates
        definition.leaseSeconds = leaseSeconds
        return definition
    }
}

extension PipelineDefinition {
    /// Creates the output folder when needed and, when the pipeline names a group, gives it to that group
    /// (set-group-ID, 2750) so that everything written below can be read by the group and by no one else.
    /// - Throws: file system errors, `ByteStreamError` for an unknown group.
    public func prepareOutput() throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        if let group { try FileModes.shareWithGroup(folder: output, group: group) }
    }
}
