import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// A complaint as the complaint commands print it, as text and as JSON (`format` `cardprep-complaint/1` for one,
/// `cardprep-complaints/1` for a list).
struct ComplaintView: Encodable {
    struct Link: Encodable {
        var kind: ComplaintLink.Kind
        var reference: String
    }

    struct Note: Encodable {
        var at: Date
        var text: String
        var actor: String
    }

    var id: String
    var customer: String
    var state: ComplaintState
    var receivedAt: Date
    var openedAt: Date
    var openedBy: String
    var host: String
    var summary: String
    var links: [Link]
    var notes: [Note]
    /// How long it has been open (now − received); open complaints only.
    var ageSeconds: Int?
    /// How long closing it took (closed − received); closed complaints only.
    var secondsToClose: Int?
    var closure: ComplaintClosureRecord?

    init(_ file: ComplaintFile, now: Date) {
        let complaint = file.complaint
        id = complaint.id; customer = complaint.customer; state = file.state; receivedAt = complaint.receivedAt
        openedAt = complaint.openedAt; openedBy = complaint.actor; host = complaint.host; summary = complaint.summary
        links = file.links.map { Link(kind: $0.kind, reference: $0.reference) }
        notes = file.notes.map { Note(at: $0.at, text: $0.text, actor: $0.actor) }
        closure = file.closure
        if let closure {
            secondsToClose = max(0, Int(closure.closedAt.timeIntervalSince(complaint.receivedAt)))
        } else {
            ageSeconds = max(0, Int(now.timeIntervalSince(complaint.receivedAt)))
        }
    }

    /// One line for `complaint list`.
    var line: String {
        var words = [
            id, customer, state.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
            "received \(Timestamp.iso8601(receivedAt))",
        ]
        if let ageSeconds { words.append("open for \(DropAttention.age(ageSeconds))") }
        if let closure, let secondsToClose {
            words.append(
                "closed after \(DropAttention.age(secondsToClose)) (\(closure.cause.rawValue), \(closure.responsibleDepartment.rawValue), "
                    + "\(closure.remedy.rawValue))")
        }
        words.append(summary)
        return words.joined(separator: "  ")
    }

    /// Everything recorded, for `complaint show`.
    var text: String {
        var lines = [
            "complaint \(id): \(state.rawValue)", "  customer: \(customer)",
            "  received: \(Timestamp.iso8601(receivedAt))" + (ageSeconds.map { " (open for \(DropAttention.age($0)))" } ?? ""),
            "  registered: \(Timestamp.iso8601(openedAt)) by \(openedBy) on \(host)", "  summary: \(summary)",
            "  about: " + links.map { ComplaintLink($0.kind, $0.reference).description }.joined(separator: ", "),
        ]
        lines.append(notes.isEmpty ? "  notes: none" : "  notes:")
        lines += notes.map { "    \(Timestamp.iso8601($0.at))  \($0.text)  (by \($0.actor))" }
        if let closure, let secondsToClose {
            lines += [
                "  closed: \(Timestamp.iso8601(closure.closedAt)), \(DropAttention.age(secondsToClose)) after it was received",
                "    signed by the handler \(closure.handlerName) (\(closure.handler)), key \(closure.handlerKey)",
                "    statement SHA-256 \(closure.statement)",
                "    cause: \(closure.cause.rawValue); responsible: \(closure.responsibleDepartment.rawValue); remedy: \(closure.remedy.rawValue)",
                "    reply: \(closure.reply)",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// `{"format": "cardprep-complaint/1", …}`: one complaint.
    struct One: Encodable {
        var format = "cardprep-complaint/1"
        var complaint: ComplaintView

        func encode(to encoder: any Encoder) throws {
            try complaint.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(format, forKey: .format)
        }

        enum Key: String, CodingKey { case format }
    }
}
