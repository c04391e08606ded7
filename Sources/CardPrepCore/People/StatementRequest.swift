import Foundation

/// What a command asks people to sign: everything of a statement but its time and nonce. The same request is built
/// when the statement is printed and when the signed statement comes back, so a statement made for another request
/// (another bundle, reason or person) is found out field by field.
public struct StatementRequest: Sendable, Equatable {
    /// The action, whose rule says who must sign.
    public var action: ControlledAction
    /// What the action is done to, e.g. `bundle 3f2a9c0d11e4b7a2`.
    public var subject: String
    /// The pipeline's name.
    public var pipeline: String
    /// The action's own fields, in order: the people on duty first, then other facts.
    public var fields: [Statement.Field]
    /// Why, in the requester's words.
    public var reason: String
    /// Other actions this one includes, whose duties the statement carries too: a remake of an archived drop's cards
    /// includes `vault.open` (its opener and witness sign besides the requester and approver).
    public var including: [ControlledAction] = []

    /// Creates a request.
    public init(
        action: ControlledAction, subject: String, pipeline: String, fields: [Statement.Field], reason: String,
        including: [ControlledAction] = []
    ) {
        self.action = action; self.subject = subject; self.pipeline = pipeline; self.fields = fields; self.reason = reason
        self.including = including
    }

    /// The statement to print, asked for at `time`, with `nonce` (32 lowercase hex digits).
    /// - Throws: `StatementError` when a value cannot be written in a statement (an empty reason, a line break).
    public func statement(at time: Date, nonce: String) throws(StatementError) -> Statement {
        try Statement(
            action: action.rawValue, subject: subject, pipeline: pipeline, fields: fields, reason: reason,
            requestedAt: time, nonce: nonce)
    }

    /// The first field in which `statement` differs from this request, as (field, asked, found); nil when it matches.
    public func difference(from statement: Statement) -> (field: String, asked: String, found: String)? {
        let fixed = [
            ("action", action.rawValue, statement.action), ("subject", subject, statement.subject),
            ("pipeline", pipeline, statement.pipeline),
        ]
        for (name, asked, found) in fixed where asked != found { return (name, asked, found) }
        let askedNames = fields.map(\.name), foundNames = statement.fields.map(\.name)
        guard askedNames == foundNames else {
            return ("fields", askedNames.joined(separator: ", "), foundNames.joined(separator: ", "))
        }
        for (asked, found) in zip(fields, statement.fields) where asked.value != found.value {
            return (asked.name, asked.value, found.value)
        }
        if reason != statement.reason { return ("reason", reason, statement.reason) }
        return nil
    }
}
