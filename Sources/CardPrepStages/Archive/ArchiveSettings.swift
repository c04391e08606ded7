import CardPrepCrypto
import Foundation

/// Where and how drops are archived: the vault folder, who bundles are encrypted to, the key that opens them,
/// the keys that sign and are trusted, and how long bundles are kept.
///
/// Read from a small YAML file (relative paths are taken from its folder), for example:
/// ```yaml
/// vault: /srv/cardprep/vault
/// recipients: /etc/cardprep/keys/vault.recipients   # age1… lines; bundles are encrypted to all
/// identity: /etc/cardprep/keys/vault.agekey         # opens bundles: verify --read-data, open, archive
/// signing: /etc/cardprep/keys/bureau-signing        # or pkcs11:token=…;object=…; default: the pipeline's keys.signing
/// allowed_signers: /etc/cardprep/keys/allowed_signers  # default: the signing key's own public key
/// retention_months: 24
/// order_schema: schemas/order-v1.xsd                # default: schemas/order-v1.xsd beside the pipeline file
/// ```
public struct ArchiveSettings: Sendable, Equatable {
    /// The vault's root folder.
    public var vaultFolder: String
    /// A file of age recipients (`age1…`, one a line) every bundle is encrypted to.
    public var recipientsFile: String?
    /// The age identity file that decrypts bundles; needed to verify with `--read-data`, open and archive.
    public var identityFile: String?
    /// The bureau's signing key: an OpenSSH Ed25519 key file, or a key in the token (`pkcs11:` URI).
    public var signingKey: KeyReference?
    /// How the token is reached when the signing key is in one: the pipeline's `pkcs11` block.
    public var token: TokenSettings?
    /// An `allowed_signers` file naming the keys trusted to have signed bundles and checkpoints.
    public var allowedSignersFile: String?
    /// How long a bundle is kept before `vault purge --expired` may remove it.
    public var retentionMonths: Int
    /// The order schema (`order-v1.xsd`) orders are validated against when read for the bundle's identity.
    public var orderSchemaFile: String

    /// The retention when none is given: 24 months.
    public static let defaultRetentionMonths = 24

    /// Creates settings.
    public init(vaultFolder: String, recipientsFile: String? = nil, identityFile: String? = nil, signingKey: KeyReference? = nil,
                token: TokenSettings? = nil, allowedSignersFile: String? = nil, retentionMonths: Int = defaultRetentionMonths,
                orderSchemaFile: String) {
        self.vaultFolder = vaultFolder; self.recipientsFile = recipientsFile; self.identityFile = identityFile
        self.signingKey = signingKey; self.token = token; self.allowedSignersFile = allowedSignersFile
        self.retentionMonths = retentionMonths; self.orderSchemaFile = orderSchemaFile
    }

    /// The defaults for a pipeline: `<output>/vault`, the pipeline's signing key, 24 months,
    /// `schemas/order-v1.xsd` beside the pipeline file.
    public static func defaults(for pipeline: PipelineDefinition) -> ArchiveSettings {
        let base = URL(fileURLWithPath: pipeline.file).deletingLastPathComponent()
        return ArchiveSettings(
            vaultFolder: pipeline.output + "/vault", signingKey: pipeline.signingKey, token: pipeline.token,
            orderSchemaFile: base.appendingPathComponent("schemas/order-v1.xsd").standardizedFileURL.path)
    }

    /// Reads settings from `path`, starting from the pipeline's defaults.
    /// - Throws: `ConfigurationError` naming the line of the first mistake.
    public static func load(path: String, pipeline: PipelineDefinition) throws(ConfigurationError) -> ArchiveSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, reason: "cannot read the file")
        }
        var root = try ConfigurationMapping.parse(text: String(decoding: data, as: UTF8.self), file: path)
        try root.expectOnly(["vault", "recipients", "identity", "signing", "allowed_signers", "retention_months", "order_schema"])
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
        }
        var settings = defaults(for: pipeline)
        settings.vaultFolder = resolve(try root.string("vault"))
        settings.recipientsFile = try root.optionalString("recipients").map(resolve)
        settings.identityFile = try root.optionalString("identity").map(resolve)
        settings.signingKey = try TokenSettingsReader.key("signing", of: &root, token: settings.token, resolve: resolve)
            ?? settings.signingKey
        settings.allowedSignersFile = try root.optionalString("allowed_signers").map(resolve)
        if let months = try root.optionalInt("retention_months") {
            guard months >= 1 else { throw root.error("retention_months", "must be a whole number of months, at least 1") }
            settings.retentionMonths = months
        }
        settings.orderSchemaFile = try root.optionalString("order_schema").map(resolve) ?? settings.orderSchemaFile
        try root.rejectUnknownKeys()
        return settings
    }

    /// The settings the vault and audit commands use for a pipeline: `settingsFile` when given, else `archive.yml`
    /// beside the pipeline file when there is one, else the pipeline's `vault` block, else the defaults.
    /// - Throws: `ConfigurationError` naming the line of the first mistake in the settings file.
    public static func resolved(for pipeline: PipelineDefinition, settingsFile: String? = nil) throws(ConfigurationError) -> ArchiveSettings {
        let beside = URL(fileURLWithPath: pipeline.file).deletingLastPathComponent().appendingPathComponent("archive.yml").path
        if let file = settingsFile ?? (FileManager.default.fileExists(atPath: beside) ? beside : nil) {
            return try load(path: file, pipeline: pipeline)
        }
        return pipeline.archive ?? defaults(for: pipeline)
    }

    /// The vault's index file (JSON lines), rebuildable from the ledger.
    public var indexFile: String { vaultFolder + "/index.jsonl" }
}
