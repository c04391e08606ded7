import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// The SHA-256 of a complaint as recorded, which its closing statement names: a note added, or anything of the
/// record changed, after the statement was printed no longer matches it.
///
/// The digest is over this text, LF line ends, the last line ending too:
///
/// ```
/// cardprep-complaint-record/1
/// id: CMP-2026-0001
/// customer: cust-01
/// received-at: 2026-11-03T09:30:00Z
/// summary: …
/// link: drop 204e54c8aed0f2ee…        (a line per link, full references)
/// note: 2026-11-04T10:00:00.000Z …    (a line per note, its time and text)
/// ```
public enum ComplaintRecordDigest {
    /// The canonical text of `file`'s record.
    public static func text(_ file: ComplaintFile) -> String {
        let complaint = file.complaint
        var lines = [
            "cardprep-complaint-record/1", "id: \(complaint.id)", "customer: \(complaint.customer)",
            "received-at: \(StatementTime.text(complaint.receivedAt))", "summary: \(complaint.summary)",
        ]
        lines += file.links.map { "link: \($0.kind.rawValue) \($0.reference)" }
        lines += file.notes.map { "note: \(Timestamp.iso8601($0.at)) \($0.text)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lowercase hex SHA-256 of `text(file)`.
    public static func sha256(_ file: ComplaintFile) -> String {
        var hash = StreamingSHA256()
        hash.update(Array(text(file).utf8))
        return hash.hex()
    }
}
