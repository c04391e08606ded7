import CardPrepCore

/// What every signed report shows on each page: the bureau, the customer by name, the document's ID, its title and
/// when it was made. The shared `page` partial prints it as the first page's header and, through the A4 page margins,
/// as a running header and footer with page numbers on every page.
struct ReportPage: Sendable {
    var title: String
    var documentID: String
    var bureau: String
    var customer: String
    /// When the document was made, to the minute.
    var generated: String
    /// The document ID as a CSS string's content, for the page margins (templates see stored properties only).
    var documentIDCSS: String
    /// The bureau and the customer as a CSS string's content, for the page margins.
    var partiesCSS: String

    init(title: String, documentID: String, bureau: String, customer: String, generated: String) {
        self.title = title
        self.documentID = documentID
        self.bureau = bureau
        self.customer = customer
        self.generated = ReportFormat.time(generated)
        documentIDCSS = Self.cssString(documentID)
        partiesCSS = Self.cssString(bureau.isEmpty ? customer : bureau + " · " + customer)
    }

    /// `text` safe inside a double-quoted CSS string within a `<style>` element: quotes, backslashes, line ends and
    /// angle brackets are written as CSS escapes.
    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&", "\n", "\r", "\u{0C}": out += "\\" + String(scalar.value, radix: 16) + " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The sign-off block of a report: who recorded what it reports (the person verified against the people register,
/// or "system"), the signed statements it rests on, lines for the people who sign it on paper, and how the bureau
/// signed the file.
struct SignOffBlock: Sendable {
    /// "Ana Lima (ana), verified against the people register", or "system (no person signed)".
    var recordedBy: String
    /// Further lines: statements and their keys.
    var notes: [String] = []
    /// The roles that sign on paper, one line each.
    var parties: [String]
    /// How the file is signed and checked.
    var fileSignature: String

    /// The sentence naming the bureau's file signature, for a file `name` beside which `name.sig` lies.
    static func bureauSignature(_ name: String) -> String {
        "Signed by the bureau as a file: the SSHSIG signature (namespace \(AcceptanceReportFiles.namespace)) is in \(name).sig "
            + "beside this report; check it with ssh-keygen -Y verify."
    }
}
