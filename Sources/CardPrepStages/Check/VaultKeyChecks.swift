import CardPrepCore
import CardPrepCrypto
import Foundation

/// The vault's keys: its recipients, the identity that must open what is encrypted to them (kept as custodians'
/// shares instead, the identity file may be absent: a note), and the allowed signers that bundles and audit
/// checkpoints are verified against.
struct VaultKeyChecks {
    let settings: ArchiveSettings
    let lines: PipelineLines
    let file: String
    let reachesKeys: Bool

    func run(signingKey: (any SSHSigningKey)?, checked: inout Int) -> [ConfigurationProblem] {
        var findings: [ConfigurationProblem] = []
        let keys = VaultKeys(settings: settings)
        checked += 1
        var recipients: [any AgeRecipient] = []
        do {
            recipients = try keys.recipients()
            if recipients.isEmpty { findings.append(problem("vault.recipients", "the file holds no age recipient")) }
        } catch {
            findings.append(problem("vault.recipients", "\(error)"))
        }
        if let identityFile = settings.identityFile {
            checked += 1
            if !FileManager.default.fileExists(atPath: identityFile) {
                findings.append(ConfigurationProblem(
                    .vault, .note, file: file, line: lines.line("vault.identity"),
                    reason: "'vault.identity' \(identityFile) is not there: archiving needs the custodians' shares (--share)"))
            } else {
                do {
                    let identities = try keys.identities()
                    if reachesKeys, !recipients.isEmpty, !opens(identities, recipients) {
                        findings.append(problem("vault.identity", "the vault identity opens nothing encrypted to the vault's recipients "
                            + "(\(settings.recipientsFile ?? "")): bundles could not be verified before working data is purged"))
                    }
                } catch {
                    findings.append(problem("vault.identity", "\(error)"))
                }
            }
        }
        if let signersFile = settings.allowedSignersFile {
            checked += 1
            do {
                let trusted = try keys.trustedKeys(namespace: "cardprep-bundle", at: Date())
                if let signingKey, case let .ed25519(publicKey) = signingKey.sshPublicKey, !trusted.contains(publicKey) {
                    findings.append(problem("vault.allowed_signers", "\(signersFile) does not allow the pipeline's signing key "
                        + "for namespace cardprep-bundle: bundles signed with it would not verify"))
                }
            } catch {
                findings.append(problem("vault.allowed_signers", "\(error)"))
            }
        }
        return findings
    }

    /// Whether any identity unwraps a fresh file key wrapped to every recipient.
    private func opens(_ identities: [any AgeIdentity], _ recipients: [any AgeRecipient]) -> Bool {
        var random = SystemRandomNumberGenerator()
        let fileKey = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        guard let stanzas = try? recipients.flatMap({ try $0.wrap(fileKey: fileKey) }) else { return false }
        return identities.contains { (try? $0.unwrap(stanzas)) == fileKey }
    }

    private func problem(_ key: String, _ reason: String) -> ConfigurationProblem {
        ConfigurationProblem(.vault, file: file, line: lines.line(key) ?? lines.line("vault"), reason: "'\(key)': \(reason)")
    }
}
