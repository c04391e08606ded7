import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault verify`: check bundles, collecting every fault before reporting.
struct VaultVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify bundles: signature, recorded digest, MANIFEST, every entry; --read-data re-hashes every entry.",
        discussion: """
            Without --read-data the signature and recorded digest are checked, and the bundle is decrypted and \
            walked to check that the MANIFEST is present, signed and of a known version, and that every entry is \
            there with its size. With --read-data every entry is also re-hashed. Each bundle's ledger record is also \
            checked against the bundle.written audit entry (digest, number of entries) and against its line in the \
            vault index (index.jsonl, every field). Every fault is listed, naming the signature, the entry, the audit \
            or the index; the exit code is then 5. Without a bundle, every bundle kept in the vault is checked, and \
            index lines that name no kept bundle are reported too.

            Where the vault key is kept only as custodians' shares, give M of them with --share (each decrypted by \
            its custodian, e.g. --share <(age -d -i ~/.ssh/id_ed25519 alice.share.age)); they are recombined in \
            memory for this run only. A corrupted share, or shares of different splits: exit 5, naming the share.

            Example: cardprep vault verify Pipelines/sample.yml 3f2a9c0d11e4b7a2 --read-data
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "Bundles: id, drop id, path in the vault, or a bundle file. None: every bundle kept.") var bundles: [String] = []
    @Flag(help: "Decrypt and re-hash every entry.") var readData = false
    @OptionGroup var keyShares: VaultKeyShareOptions

    func validate() throws {
        try options.validate()
        if !keyShares.shares.isEmpty, options.vaultIdentity != nil {
            throw ValidationError("give either --share (the vault key's shares) or --vault-identity, not both")
        }
    }

    struct Output: Encodable {
        var path: String
        var passed: Bool
        var readData: Bool
        var entriesChecked: Int
        var faults: [Fault]
    }

    struct Fault: Encodable {
        var subject: String
        var message: String
    }

    func run() throws {
        let (loaded, ledger, settings) = try options.vaultAndLedger()
        var vault = loaded
        vault.recombinedKey = try keyShares.recombinedKey(settings: settings)
        let results: [VaultVerification] = try failing {
            let verifier = try vault.verifier(decrypt: true)
            let targets = bundles.isEmpty ? try ledger.bundles().map(\.id) : bundles
            let checked = try targets.map { name in
                if let record = try? vault.bundle(named: name) { return try vault.verify(record, readData: readData) }
                guard FileManager.default.fileExists(atPath: name) else { throw VaultError.notFound("bundle \(name)") }
                return verifier.verify(path: name, readData: readData)
            }
            // Checking every bundle checks the whole index too: lines no kept bundle accounts for; and the
            // supplementary bundles of remakes of archived drops.
            guard bundles.isEmpty else { return checked }
            let index = try vault.verifyIndex()
            let supplements = try vault.verifySupplements(readData: readData)
            return (index.passed ? checked : checked + [index]) + supplements
        }
        if options.json {
            try printJSON(results.map {
                Output(path: $0.path, passed: $0.passed, readData: $0.readData, entriesChecked: $0.entriesChecked,
                       faults: $0.faults.map { Fault(subject: $0.subject, message: $0.description) })
            }, format: .vaultVerify, listKey: "bundles")
        } else {
            for result in results {
                print("\(result.passed ? "ok" : "FAILED")  \(result.path)  (\(result.entriesChecked) entries\(readData ? ", data re-hashed" : ""))")
                result.faults.forEach { print("  \($0)") }
            }
        }
        if results.contains(where: { !$0.passed }) { throw ExitCode(CardPrepExitCode.verificationFailed.rawValue) }
    }
}
