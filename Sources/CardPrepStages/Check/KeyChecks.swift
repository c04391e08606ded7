import CardPrepCore
import CardPrepCrypto
import CardPrepOpenPGP
import Foundation

/// The keys a run uses: each there, readable by its owner only, of the right kind, and (when `reachesKeys`)
/// reached in the token; the vault's identity must open what is encrypted to the vault's recipients, and the
/// vault's allowed signers must hold the pipeline's signing key.
struct KeyChecks {
    let pipeline: PipelineDefinition
    let lines: PipelineLines
    let reachesKeys: Bool

    func run(counts: inout [String: Int]) -> [ConfigurationProblem] {
        var findings: [ConfigurationProblem] = []
        var checked = 0
        func attempt(_ key: String, _ body: () throws -> Void) {
            checked += 1
            do { try body() } catch { findings.append(problem(key, "\(error)")) }
        }
        attempt("keys.identity") {
            let identities = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(pipeline.identityFile))
            if identities.isEmpty { throw KeyCheckProblem("\(pipeline.identityFile) holds no age identity") }
        }
        let needsFingerprints = pipeline.stages.contains { [.validate, .transform].contains($0) }
        if let reference = pipeline.fingerprintKey {
            if reaches(reference) { attempt("keys.fingerprint") { _ = try pipeline.keys.fingerprintKey(reference) } }
        } else if needsFingerprints {
            findings.append(problem("keys", "'keys.fingerprint' is required by the validate and transform stages"))
        }
        var signingKey: (any SSHSigningKey)?
        if let reference = pipeline.signingKey {
            if reaches(reference) { attempt("keys.signing") { signingKey = try pipeline.keys.signingKey(reference) } }
        } else if pipeline.stages.contains(where: { [.reconcile, .inspect, .archive].contains($0) }) {
            findings.append(problem("keys", "'keys.signing' is required by the reconcile, inspect and archive stages"))
        }
        if let file = pipeline.openPGPIdentityFile {
            attempt("keys.openpgp_identity") {
                var passphrase: String?
                if let passphraseFile = pipeline.openPGPPassphraseFile {
                    passphrase = try PrivateKeyFile.read(passphraseFile).split(separator: "\n").first.map(String.init)
                }
                _ = try OpenPGPDecryptionKey(keyMaterial: try PrivateKeyFile.bytes(file), passphrase: passphrase)
            }
        }
        if let settings = pipeline.archive {
            findings += VaultKeyChecks(settings: settings, lines: lines, file: pipeline.file, reachesKeys: reachesKeys)
                .run(signingKey: signingKey, checked: &checked)
        }
        counts["keys"] = checked
        return findings
    }

    /// Whether `reference` is loaded by this check: key files always, token keys when the check reaches keys.
    private func reaches(_ reference: KeyReference) -> Bool {
        if case .token = reference { return reachesKeys }
        return true
    }

    private func problem(_ key: String, _ reason: String) -> ConfigurationProblem {
        ConfigurationProblem(.key, file: pipeline.file, line: lines.line(key) ?? lines.line("keys"), reason: "'\(key)': \(reason)")
    }
}

/// A key that loads but cannot serve.
struct KeyCheckProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
