import Foundation

/// Parses the text of age identity files and recipients files: one key a line, `#` comments and blank lines ignored.
public enum AgeKeyText {
    /// Parses an identity file holding one or more `AGE-SECRET-KEY-1…` lines.
    /// - Throws: `AgeError.badKeyText` with the one-based line number of the first bad line (the line itself is
    ///   never echoed, since it may hold a secret), or when the text holds no identity at all.
    public static func identities(parsing text: String) throws -> [any AgeIdentity] {
        try parse(text, kind: "identity") { line in
            guard line.hasPrefix("AGE-SECRET-KEY-1") else {
                throw LineReason("not an AGE-SECRET-KEY-1… identity (only X25519 identities are supported)")
            }
            return try AgeX25519Identity(bech32: line)
        }
    }

    /// Parses a recipients file holding one or more `age1…` lines.
    /// - Throws: `AgeError.badKeyText` with the one-based line number of the first bad line, or when the text holds none.
    public static func recipients(parsing text: String) throws -> [any AgeRecipient] {
        try parse(text, kind: "recipient") { line in
            guard line.hasPrefix("age1") else { throw LineReason("not an age1… recipient (only X25519 recipients are supported)") }
            return try AgeX25519Recipient(bech32: line)
        }
    }

    private static func parse<Key>(_ text: String, kind: String, parseLine: (String) throws -> Key) throws -> [Key] {
        var keys: [Key] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                keys.append(try parseLine(line))
            } catch let reason as LineReason {
                throw AgeError.badKeyText(line: index + 1, reason: reason.text)
            } catch {
                throw AgeError.badKeyText(line: index + 1, reason: "malformed \(kind) (bad checksum, case or length)")
            }
        }
        guard !keys.isEmpty else { throw AgeError.badKeyText(line: 0, reason: "no \(kind) found") }
        return keys
    }
}

/// A reason a line was refused, thrown inside the parser only.
private struct LineReason: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
