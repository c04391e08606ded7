import ArgumentParser
import CardPrepStages

/// `--share FILE …`: custodians' plaintext shares of the vault key, recombined in memory for one operation instead
/// of the vault identity file.
struct VaultKeyShareOptions: ParsableArguments {
    @Option(
        name: .customLong("share"),
        help:
            "A custodian's plaintext share of the vault key, e.g. <(age -d -i ~/.ssh/id_ed25519 alice.share.age); M of them open the vault without its identity file."
    )
    var shares: [String] = []

    /// The key the shares recombine to, checked against the vault's recipients; nil when no share is given.
    /// - Throws: the exit for too few shares or a share given twice (64), or a share that is corrupted, of another
    ///   set or of another key (5), naming the share.
    func recombinedKey(settings: ArchiveSettings) throws -> RecombinedVaultKey? {
        guard !shares.isEmpty else { return nil }
        return try failing {
            let key = try RecombinedVaultKey.combine(shareFiles: shares)
            try key.check(against: settings)
            return key
        }
    }
}
