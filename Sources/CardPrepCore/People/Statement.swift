import Foundation

/// A statement a person signs to take responsibility for an action: what, on which drop, bundle or lot, who does
/// it, why, and when it was asked for. Its text is canonical, so the bytes signed are the bytes CardPrep reads:
///
/// ```
/// cardprep-statement/1
/// action: vault.checkout
/// subject: bundle 3f2a9c0d11e4b7a2
/// pipeline: nightly
/// borrower: alice
/// approver: bob
/// reason: dispute 2026-114
/// requested-at: 2026-11-02T10:15:00Z
/// nonce: 8c1d6f0a93b2e4f75a0c1e2d3b4f5a69
/// ```
///
/// One `name: value` a line, LF line ends, the last line ends too; the version line first, then `action`, `subject`
/// and `pipeline`, then the action's own fields in the action's order (the people on duty, other facts), then
/// `reason`, `requested-at` (UTC, whole seconds) and `nonce` (16 random bytes in lowercase hex) last. Values are one
/// line of UTF-8 with no control characters and no space at either end.
public struct Statement: Sendable, Equatable {
    /// The first line of every statement of this version.
    public static let formatLine = "cardprep-statement/1"
    /// The SSHSIG namespace statements are signed in (`ssh-keygen -Y sign -n cardprep-statement`).
    public static let signatureNamespace = "cardprep-statement"
    /// The field names every statement has; an action's own fields take other names.
    public static let reservedNames: Set<String> = ["action", "subject", "pipeline", "reason", "requested-at", "nonce"]

    /// What is done, e.g. `vault.checkout`.
    public var action: String
    /// What it is done to, e.g. `bundle 3f2a9c0d11e4b7a2`.
    public var subject: String
    /// The name of the pipeline whose ledger records it.
    public var pipeline: String
    /// The action's own fields, in order: the people on duty (`borrower: alice`) and other facts (`to: /secure/x`).
    public var fields: [Field]
    /// Why, in the requester's words.
    public var reason: String
    /// When the statement was printed for signing; statements older than the pipeline allows are refused.
    public var requestedAt: Date
    /// 16 random bytes in lowercase hex, so that no two statements are alike.
    public var nonce: String

    /// One of an action's own `name: value` lines.
    public struct Field: Sendable, Equatable {
        /// The field's name: lowercase letters, digits and `-`, not one of `reservedNames`.
        public var name: String
        /// The field's value: one line of text.
        public var value: String

        /// Creates a field.
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    /// Creates a statement; `requestedAt` is cut to whole seconds.
    /// - Throws: `StatementError` when a name or value could not be written canonically.
    public init(
        action: String, subject: String, pipeline: String, fields: [Field] = [], reason: String, requestedAt: Date,
        nonce: String
    ) throws(StatementError) {
        self.action = action; self.subject = subject; self.pipeline = pipeline; self.fields = fields
        self.reason = reason; self.requestedAt = Date(timeIntervalSince1970: requestedAt.timeIntervalSince1970.rounded(.down))
        self.nonce = nonce
        try check()
    }

    /// The value of the action's own field `name`, if the statement has it.
    public func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The canonical text: what is printed, signed and kept.
    public var text: String {
        var lines = [Self.formatLine, "action: \(action)", "subject: \(subject)", "pipeline: \(pipeline)"]
        lines += fields.map { "\($0.name): \($0.value)" }
        lines += ["reason: \(reason)", "requested-at: \(StatementTime.text(requestedAt))", "nonce: \(nonce)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a statement, accepting only its canonical text.
    /// - Throws: `StatementError` naming the line that is not as CardPrep writes it.
    public init(parsing text: String) throws(StatementError) {
        guard text.hasSuffix("\n") else { throw .malformed(line: nil, reason: "the last line must end with a line feed") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == Self.formatLine else {
            throw .malformed(line: 1, reason: "the first line must be \(Self.formatLine)")
        }
        guard lines.count >= 7 else { throw .malformed(line: nil, reason: "a statement has at least 7 lines") }
        var pairs: [(name: String, value: String)] = []
        for (index, line) in lines.enumerated().dropFirst() {
            guard let separator = line.range(of: ": ") else {
                throw .malformed(line: index + 1, reason: "expected 'name: value'")
            }
            pairs.append((String(line[..<separator.lowerBound]), String(line[separator.upperBound...])))
        }
        func expect(_ name: String, at position: Int) throws(StatementError) -> String {
            guard pairs[position].name == name else {
                throw .malformed(line: position + 2, reason: "expected '\(name):', found '\(pairs[position].name):'")
            }
            return pairs[position].value
        }
        let count = pairs.count
        let requested = try expect("requested-at", at: count - 2)
        guard let requestedAt = StatementTime.date(requested) else {
            throw .malformed(line: count, reason: "requested-at must be a UTC time such as 2026-11-02T10:15:00Z")
        }
        try self.init(
            action: try expect("action", at: 0), subject: try expect("subject", at: 1), pipeline: try expect("pipeline", at: 2),
            fields: pairs[3..<(count - 3)].map { Field($0.name, $0.value) }, reason: try expect("reason", at: count - 3),
            requestedAt: requestedAt, nonce: try expect("nonce", at: count - 1))
        guard self.text == text else { throw .malformed(line: nil, reason: "the text is not in canonical form") }
    }

    /// Checks names and values can be written and read back unchanged.
    private func check() throws(StatementError) {
        guard StatementText.isActionName(action) else {
            throw .badValue(name: "action", reason: "must be a word such as vault.open")
        }
        for (name, value) in [("action", action), ("subject", subject), ("pipeline", pipeline), ("reason", reason)] {
            try StatementText.checkValue(value, name: name)
        }
        var seen = Set<String>()
        for field in fields {
            guard StatementText.isFieldName(field.name), !Self.reservedNames.contains(field.name) else {
                throw .badValue(name: field.name, reason: "is not a field name an action may use")
            }
            guard seen.insert(field.name).inserted else { throw .badValue(name: field.name, reason: "appears twice") }
            try StatementText.checkValue(field.value, name: field.name)
        }
        guard nonce.utf8.count == 32, Hex.decode(nonce) != nil, nonce == nonce.lowercased() else {
            throw .badValue(name: "nonce", reason: "must be 32 lowercase hex digits")
        }
    }
}
