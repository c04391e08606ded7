import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes a customer's stock statement as HTML (printable A4), CSV and JSON, each with the bureau's SSHSIG signature
/// beside it (`.sig`, namespace `cardprep-report`), checkable with
/// `ssh-keygen -Y verify -f allowed_signers -I <identity> -n cardprep-report -s FILE.sig < FILE`.
public enum StockStatementFiles {
    /// `stock-statement-<customer>-<period>`, made safe as a file name.
    public static func baseName(_ statement: StockStatement) -> String {
        "stock-statement-" + safe(statement.customer) + "-" + safe(statement.period)
    }

    /// Writes the three files and their signatures into `folder`, the HTML from the built-in templates or `templates`.
    /// - Returns: the paths of the statement files (each has its `.sig` beside it).
    /// - Throws: I/O and signing errors.
    public static func write(_ statement: StockStatement, to folder: String, signingKey: some SSHSigningKey,
                             templates: ReportTemplates = .builtIn) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = folder + "/" + baseName(statement)
        let files: [(String, [UInt8])] = [
            (base + ".html", Array(StockStatementHTML.render(statement, templates: templates).utf8)),
            (base + ".csv", Array(csv(statement).utf8)),
            (base + ".json", try json(statement)),
        ]
        for (path, bytes) in files {
            let signature = try SSHSignature.sign(bytes, namespace: AcceptanceReportFiles.namespace, with: signingKey)
            try AtomicFileWriter.write(bytes, to: path, mode: 0o640)
            try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o640)
        }
        return files.map(\.0)
    }

    /// The statement as JSON: sorted keys, ISO 8601 times.
    public static func json(_ statement: StockStatement) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(statement)) + [0x0A]
    }

    /// The statement as CSV, one row per opening, movement and closing of each account. A cell that a spreadsheet
    /// would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.
    public static func csv(_ statement: StockStatement) -> String {
        var rows = [["customer", "location", "location_name", "product", "class", "row", "time", "kind", "in", "out", "balance",
                     "awaiting_destruction", "reference", "note"]]
        for account in statement.accounts {
            let head = [statement.customerName, account.location, account.locationName, account.product, account.stockClass.rawValue]
            rows.append(head + ["opening", Timestamp.iso8601(statement.from), "", "", "", String(account.opening), "", "", ""])
            for line in account.lines {
                rows.append(head + ["movement", Timestamp.iso8601(line.time), line.kind.rawValue, String(line.cardsIn),
                                    String(line.cardsOut), String(line.balance), String(line.awaitingDestruction), line.reference,
                                    line.note])
            }
            rows.append(head + ["closing", Timestamp.iso8601(statement.until), "", String(account.cardsIn), String(account.cardsOut),
                                String(account.closing), String(account.awaitingDestruction), "", ""])
        }
        return rows.map { CSVTable.line($0.map(neutralised)) + "\r\n" }.joined()
    }

    /// `cell` with a leading `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        return "'" + cell
    }

    static func safe(_ text: String) -> String {
        String(text.unicodeScalars.map {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) ? Character($0) : "_"
        })
    }
}
