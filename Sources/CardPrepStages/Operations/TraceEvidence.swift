import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes a trace's evidence page (`TraceEvidencePage`) with the bureau's SSHSIG signature beside it (`FILE.sig`,
/// namespace `cardprep-report`), and says how to check it: against the vault's `allowed_signers` when that names the
/// signing key for reports, else against `FILE.allowed_signers`, written beside with the bureau's public key.
public struct TraceEvidence: Encodable, Sendable {
    /// The signature namespace: evidence pages are reports of the bureau.
    public static let namespace = "cardprep-report"

    /// The page written.
    public var page: String
    /// Its signature.
    public var signature: String
    /// The allowed_signers file that names the bureau's key.
    public var allowedSigners: String
    /// The bureau's principal in that file.
    public var principal: String
    /// The bureau key's fingerprint (`SHA256:…`), to compare with the one the bureau publishes.
    public var keyFingerprint: String
    /// The command that verifies the page, to paste into a shell.
    public var verifyCommand: String
    /// How many cards the page names.
    public var cards: Int

    /// Renders, signs and writes the evidence page of `report` at `path` (made absolute).
    /// - Parameters:
    ///   - report: the trace.
    ///   - path: the page's file, e.g. `evidence.html`; its folder must exist.
    ///   - pipeline: the pipeline: its bureau name, customer profiles and vault allowed_signers.
    ///   - key: the bureau's signing key.
    ///   - now: the time the page is made.
    /// - Throws: file and signing errors.
    public static func write(_ report: CardTraceReport, to path: String, pipeline: PipelineDefinition, key: any SSHSigningKey,
                             at now: Date) throws -> TraceEvidence {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        var customers: [String: String] = [:]
        for id in Set(report.cards.map(\.customer)) {
            if let profile = try? CustomerProfile.find(customer: id, in: pipeline.customersFolder) { customers[id] = profile.name }
        }
        let templates = try ReportTemplates(overrides: pipeline.reportTemplates)
        let html = Array(TraceEvidencePage.html(report, bureau: pipeline.bureau ?? pipeline.name, customers: customers,
                                                generated: Timestamp.iso8601(now), templates: templates).utf8)
        let signature = try SSHSignature.sign(html, namespace: namespace, with: key)
        try AtomicFileWriter.write(html, to: path, mode: 0o640)
        try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o640)
        var signers = vaultSigners(pipeline, key: key, at: now)
        if signers == nil {
            let file = path + ".allowed_signers"
            let line = "bureau namespaces=\"\(namespace)\" " + key.sshPublicKey.authorizedKeyLine(comment: nil) + "\n"
            try AtomicFileWriter.write(Array(line.utf8), to: file, mode: 0o644)
            signers = (file, "bureau")
        }
        let (file, principal) = signers!
        let command = "ssh-keygen -Y verify -f \(Shell.quoted(file)) -I \(Shell.quoted(principal)) -n \(namespace) -s "
            + "\(Shell.quoted(path + ".sig")) < \(Shell.quoted(path))"
        return TraceEvidence(page: path, signature: path + ".sig", allowedSigners: file, principal: principal,
                             keyFingerprint: key.sshPublicKey.fingerprint, verifyCommand: command, cards: report.cards.count)
    }

    /// The vault's allowed_signers file and a plain principal in it for `key` in the report namespace, if it names one.
    private static func vaultSigners(_ pipeline: PipelineDefinition, key: any SSHSigningKey, at now: Date) -> (String, String)? {
        guard case let .ed25519(publicKey) = key.sshPublicKey, let file = pipeline.archive?.allowedSignersFile,
              let data = FileManager.default.contents(atPath: file),
              let signers = try? AllowedSigners(parsing: String(decoding: data, as: UTF8.self))
        else { return nil }
        let principal = signers.principals(for: publicKey, namespace: namespace, at: now)
            .flatMap { $0.text.split(separator: ",").map(String.init) }
            .first { !$0.hasPrefix("!") && !$0.contains("*") && !$0.contains("?") }
        return principal.map { (URL(fileURLWithPath: file).standardizedFileURL.path, $0) }
    }
}
