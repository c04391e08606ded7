/// The texts a complaint keeps (its summary, notes, the reply, link references) follow the rule of statement
/// values, so that any of them can be named in the statement its handler signs: one line, not empty, no control
/// characters, no space at either end.
public enum ComplaintText {
    /// What is wrong with `value` (`must be one line without control characters`), or nil when it can be kept.
    public static func problem(with value: String) -> String? {
        do {
            try StatementText.checkValue(value, name: "text")
            return nil
        } catch {
            if case let .badValue(_, reason) = error { return reason }
            return error.description
        }
    }
}
