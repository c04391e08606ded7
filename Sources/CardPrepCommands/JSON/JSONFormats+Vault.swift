/// The formats of the vault, audit, keys and people commands.
extension JSONFormat {
    static let vaultFind = JSONFormat(
        "cardprep-vault-find", commands: ["vault find"], "Bundles in the vault's index.",
        keys: [.array("bundles", "`id`, `path`, `customer`, `drop`, `contract`, `unit`, `product`, `quantity`, `archivedAt`, …")])

    static let vaultList = JSONFormat(
        "cardprep-vault-list", commands: ["vault ls"], "The entries of one bundle, from its signed manifest.",
        keys: [
            .string("bundle", "the bundle's id (absent for a bundle file the vault does not record)", optional: true),
            .string("path", "its file"), .string("dropID", "the drop it archives, from the MANIFEST"),
            .array("entries", "`name`, `size` (bytes), `sha256`, `dualControl` (reading it with `vault dump` needs a signed statement)"),
        ])

    static let vaultDump = JSONFormat(
        "cardprep-vault-dump", commands: ["vault dump --out FILE"], "One entry of a bundle read into a file, checked against the signed MANIFEST.",
        keys: [
            .string("bundle", "the bundle's id (absent for a bundle file the vault does not record)", optional: true),
            .string("entry", "the entry's name"), .number("size", "its size in bytes"), .string("sha256", "its SHA-256, as signed"),
            .string("out", "the file written"),
        ])

    static let vaultVerify = JSONFormat(
        "cardprep-vault-verify", commands: ["vault verify"], "Bundles verified.",
        keys: [.array("bundles", "`path`, `passed`, `readData`, `entriesChecked`, `faults` (`subject`, `message`)")])

    static let vaultArchive = JSONFormat(
        "cardprep-vault-archive", commands: ["vault archive"], "Drops archived into the vault.", keys: [.array("drops", "per drop archived")])

    static let vaultOpen = JSONFormat(
        "cardprep-vault-open", commands: ["vault open"], "A bundle opened under dual control.",
        keys: [
            .string("folder", "where it was extracted"), .array("entries", "the entries' names"),
            .array("signedBy", "the people who signed"), .string("statement", "the signed statement's digest"),
        ])

    static let vaultLoan = JSONFormat(
        "cardprep-vault-loan", commands: ["vault checkout", "vault checkin"], "A bundle lent out of the vault or returned.",
        keys: [
            .number("seq", "the loan's number", optional: true), .string("bundleID", "the bundle"), .string("borrower", "who has it"),
            .string("reason", "why"), .string("approvedBy", "who approved the loan"), .string("outAt", "when it left"),
            .string("sha256AtCheckout", "its SHA-256 then"), .string("inAt", "when it came back", optional: true),
            .string("sha256AtCheckin", "its SHA-256 then", optional: true), .string("checkoutStatement", "the statement's digest", optional: true),
            .string("returnedBy", "who returned it", optional: true), .string("receivedBy", "who took it back", optional: true),
            .string("checkinStatement", "the statement's digest", optional: true),
        ])

    static let vaultHistory = JSONFormat(
        "cardprep-vault-history", commands: ["vault history"], "A bundle's chain of custody.",
        keys: [
            .object("bundle", "the bundle as indexed"), .array("custody", "audit entries"), .array("loans", "checkouts and returns"),
            .array("statements", "the signed statements used"),
        ])

    static let vaultPurge = JSONFormat(
        "cardprep-vault-purge", commands: ["vault purge"], "Working data removed after archiving.",
        keys: [
            .array("removed", "expired bundles removed (paths in the vault)"), .array("keptCheckedOut", "expired bundles kept: they are checked out"),
            .number("kept", "bundles whose retention has not ended"), .boolean("dryRun", "nothing was removed"),
        ])

    static let vaultReindex = JSONFormat(
        "cardprep-vault-reindex", commands: ["vault reindex"], "The vault's index rebuilt.",
        keys: [
            .number("indexed", "bundles indexed"), .array("missing", "in the ledger, not in the vault"),
            .array("unknown", "in the vault, not in the ledger"),
        ])

    static let audit = JSONFormat(
        "cardprep-audit", commands: ["audit verify"], "The audit log verified against its checkpoints and their copies.",
        keys: [
            .boolean("passed", "no fault"), .number("entries", "entries in the log"), .number("lastSeq", "the last entry", optional: true),
            .number("checkpoints", "signed checkpoints"), .number("latestCheckpoint", "the latest's number", optional: true),
            .number("latestCheckpointSeq", "the last entry it covers", optional: true), .object("copies", "copies found: `folder`, `log`, `bundles`"),
            .array("faults", "`subject`, `message`"), .array("notes", "remarks that are not faults"),
        ])

    static let auditCheckpoint = JSONFormat(
        "cardprep-audit-checkpoint-written", commands: ["audit checkpoint"], "A signed audit checkpoint written.",
        keys: [
            .string("checkpoint", "its file"), .number("number", "its number"), .number("seq", "the last entry it covers"),
            .boolean("new", "false when no entry was added since the last one"),
        ])

    static let keys = JSONFormat(
        "cardprep-keys", commands: ["keys generate"], "The bureau's keys generated.",
        keys: [
            .string("recipient", "the age recipient customers encrypt to"), .string("signingPublicKey", "the SSH signing key"),
            .string("folder", "where the keys are"),
        ])

    static let intakeKeys = JSONFormat(
        "cardprep-intake-keys", commands: ["keys usage"], "Which intake keys drops were encrypted to.", keys: [.array("keys", "per key: `key`, `configured`, `drops`, `firstUse`, `lastUse`, `customers`")])

    static let keySplit = JSONFormat(
        "cardprep-key-split", commands: ["keys split"], "The vault key split into shares for custodians.",
        keys: [
            .string("set", "the split's id"), .number("shares", "how many shares"), .number("threshold", "how many recombine it"),
            .array("recipients", "the vault key's recipients"), .array("custodians", "`id`, `file`, `keys`, `command` (to decrypt a share)"),
            .string("combineTest", "the command that checks the shares recombine"),
        ])

    static let keyCombineTest = JSONFormat(
        "cardprep-key-combine-test", commands: ["keys combine-test"], "Shares recombined into the vault key, checked.",
        keys: [
            .string("set", "the split's id"), .array("shares", "the shares' numbers"), .number("threshold", "how many recombine it"),
            .array("recipients", "the vault key's recipients"), .string("removed", "the key file removed", optional: true),
        ])

    static let people = JSONFormat(
        "cardprep-people", commands: ["people list"], "The register of people and its approved version.",
        keys: [
            .number("version", "the approved version", optional: true), .string("digest", "its digest", optional: true),
            .string("approvedAt", "when it was approved", optional: true), .string("approvedBy", "by whom", optional: true),
            .array("people", "`id`, `name`, `department`, `roles`, `keys`"), .array("pendingChanges", "changes not approved yet"),
        ])

    static let peopleApproval = JSONFormat(
        "cardprep-people-approval", commands: ["people approve"], "A version of the register of people approved.",
        keys: [.number("version", "the version approved"), .string("message", "one line for a person")])
}

/// The format of the ledger command.
extension JSONFormat {
    static let ledgerMigrate = JSONFormat(
        "cardprep-ledger-migrate", commands: ["ledger migrate"], "A SQLite ledger copied into PostgreSQL, and the copy verified.",
        keys: [
            .boolean("passed", "the copy verified"), .boolean("committed", "the copy was committed (false: the target is still empty)"),
            .string("source", "the SQLite ledger file"), .string("target", "the PostgreSQL ledger's URL, without a password"),
            .boolean("sourceUpgraded", "the SQLite ledger was brought up to date with this CardPrep's schema first"),
            .array("tables", "`name`, `rows` (on SQLite), `copied` (on PostgreSQL), `digestVerified` (audited tables only)"),
            .number("rows", "rows copied, every table"), .number("auditEntries", "audit entries copied"),
            .number("lastSeq", "the last audit entry", optional: true),
            .boolean("auditChainVerified", "the audit chain holds on PostgreSQL"),
            .number("digestsVerified", "audited tables whose digests are the same on both"),
            .boolean("checkpointsVerified", "with --pipeline: its signed checkpoints verify against the copy", optional: true),
            .array("faults", "what did not verify"),
        ])

    static let ledgerMerge = JSONFormat(
        "cardprep-ledger-merge", commands: ["ledger merge"], "Pending card fingerprints and card trace merged into the ledger's lookups.",
        keys: [
            .object("fingerprints", "`drops` whose cards were merged, `rows`: the cards"),
            .object("trace", "`drops` whose trace was merged, `rows`: the trace rows"),
            .number("seconds", "time the merges took"), .string("message", "one line for a person"),
        ])
}
