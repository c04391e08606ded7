import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes a lot's acceptance report as HTML and JSON, each with an SSHSIG signature (`.sig`, namespace
/// `cardprep-report`) by the bureau key, checkable with
/// `ssh-keygen -Y verify -f allowed_signers -I <identity> -n cardprep-report -s FILE.sig < FILE`.
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
    public static func write(_ report: AcceptanceReport, to folder: String, signingKey: some SSHSigningKey) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = folder + "/" + safeName(report.lot.id) + ".acceptance"
        let files: [(String, [UInt8])] = [
            (base + ".html", Array(AcceptanceReportHTML.render(report).utf8)),
            (base + ".json", try report.json()),
        ]
        var written: [String] = []
        for (path, bytes) in files {
            let signature = try SSHSignature.sign(bytes, namespace: namespace, with: signingKey)
            try AtomicFileWriter.write(bytes, to: path, mode: 0o640)
            try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o640)
            written.append(path)
        }
        return written + written.map { $0 + ".sig" }
    }

    /// A lot id made safe as a file name.
    static func safeName(_ id: String) -> String {
        String(id.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) ? Character($0) : "_" })
    }
}
