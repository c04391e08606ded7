/// Where a complaint stands. A complaint is opened, gathers notes while it is open, and is closed once, on the
/// statement its handler signs; a closed complaint is final (a follow-up is a new complaint).
public enum ComplaintState: String, Sendable, CaseIterable, Codable {
    case open
    case closed

    /// What may be done to a complaint.
    public enum Act: String, Sendable, CaseIterable {
        /// Adding a note.
        case note
        /// Closing it, with its cause, the responsible department, the remedy and the reply.
        case close
    }

    /// The acts this state allows, and the state each leaves the complaint in: the whole table.
    public static let transitions: [ComplaintState: [Act: ComplaintState]] = [
        .open: [.note: .open, .close: .closed],
        .closed: [:],
    ]

    /// The state `act` leaves a complaint in, or nil when this state does not allow it.
    public func after(_ act: Act) -> ComplaintState? { Self.transitions[self]?[act] }
}
