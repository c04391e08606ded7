import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes a lot's acceptance report as HTML and JSON, each with an SSHSIG signature (`.sig`, namespace
/// `cardprep-report`) by the bureau key, checkable with
/// `ssh-keygen -Y verify -f allowed_signers -I <identity> -n cardprep-report -s FILE.sig < FILE`; beside them, for a
/// decision the inspector signed, the inspector's statement (`.statement.txt`), signature (`.statement.<id>.sig`) and
/// allowed_signers line (`.statement.allowed_signers`), checkable with `inspectorVerifyCommand`.
public enum AcceptanceReportFiles {
    /// The signature namespace of reports.
    public static let namespace = "cardprep-report"

    /// Writes `<lot>.acceptance.html`, `<lot>.acceptance.json` and their `.sig` files into `folder`.
    /// - Parameters:
    ///   - report: the report.
    ///   - folder: the output folder (created when missing).
    ///   - signingKey: the bureau's signing key.
    /// - Returns: the paths written, report files first.
    /// - Throws: I/O and signing errors.
    @discardableResult
    public static func write(
        _ report: AcceptanceReport, to folder: String, signingKey: some SSHSigningKey, templates: ReportTemplates = .builtIn
    ) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = folder + "/" + safeName(report.lot.id) + ".acceptance"
        let files: [(String, [UInt8])] = [
            (base + ".html", Array(AcceptanceReportHTML.render(report, templates: templates).utf8)),
            (base + ".json", try report.json()),
        ]
        var written: [String] = []
        for (path, bytes) in files {
            let signature = try SSHSignature.sign(bytes, namespace: namespace, with: signingKey)
            try AtomicFileWriter.write(bytes, to: path, mode: 0o640)
            try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o640)
            written.append(path)
        }
        var statementFiles: [String] = []
        if let signed = report.signedBy {
            let paths = inspectorFiles(report, in: folder)!
            let texts = [
                (paths.statement, signed.statement), (paths.signature, signed.signature),
                (paths.allowedSigners, signed.allowedSigners),
            ]
            for (path, text) in texts {
                try AtomicFileWriter.write(Array(text.utf8), to: path, mode: 0o640)
                statementFiles.append(path)
            }
        }
        return written + written.map { $0 + ".sig" } + statementFiles
    }

    /// Where the inspector's statement, signature and allowed_signers line of a signed decision are written in `folder`;
    /// nil for a decision the inspector did not sign.
    public static func inspectorFiles(
        _ report: AcceptanceReport, in folder: String
    ) -> (statement: String, signature: String, allowedSigners: String)? {
        guard let signed = report.signedBy else { return nil }
        let base = folder + "/" + safeName(report.lot.id) + ".acceptance.statement"
        return (base + ".txt", base + "." + safeName(signed.person) + ".sig", base + ".allowed_signers")
    }

    /// The command that verifies the inspector's signature of the decision in the files `write` put in `folder`, to paste
    /// into a shell: `ssh-keygen -Y verify -f ….statement.allowed_signers -I carol -n cardprep-statement -s ….sig < ….txt`.
    /// The allowed_signers line comes with the report, whose bureau signature vouches for it (its key fingerprint is in
    /// the report); nil for a decision the inspector did not sign.
    public static func inspectorVerifyCommand(_ report: AcceptanceReport, in folder: String) -> String? {
        guard let signed = report.signedBy, let files = inspectorFiles(report, in: folder) else { return nil }
        return "ssh-keygen -Y verify -f \(Shell.quoted(files.allowedSigners)) -I \(Shell.quoted(signed.person)) -n "
            + "\(Statement.signatureNamespace) -s \(Shell.quoted(files.signature)) < \(Shell.quoted(files.statement))"
    }

    /// The command that verifies the bureau's signature of the report file `path` against an allowed_signers file that
    /// names the bureau's key as `principal`.
    public static func bureauVerifyCommand(_ path: String, allowedSigners: String, principal: String) -> String {
        "ssh-keygen -Y verify -f \(Shell.quoted(allowedSigners)) -I \(Shell.quoted(principal)) -n \(namespace) -s "
            + "\(Shell.quoted(path + ".sig")) < \(Shell.quoted(path))"
    }

    /// The file name, without extensions, of a lot's report: `<lot>.acceptance`.
    static func fileBase(_ lotID: String) -> String { safeName(lotID) + ".acceptance" }

    /// A lot id made safe as a file name.
    static func safeName(_ id: String) -> String {
        String(id.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) ? Character($0) : "_" })
    }
}
