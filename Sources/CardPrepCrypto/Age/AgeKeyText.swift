import Foundation

/// Parses the text of age identity files and recipients files: one key a line, `#` comments and blank lines ignored.
public enum AgeKeyText {
    /// Parses an identity file holding one or more `AGE-SECRET-KEY-1…` or plugin `AGE-PLUGIN-<NAME>-1…` lines.
    /// - Parameter plugins: how plugins named by plugin identities are run.
    /// - Throws: `AgeError.badKeyText` with the one-based line number of the first bad line (the line itself is
    ///   never echoed, since it may hold a secret), or when the text holds no identity at all.
    public static func identities(parsing text: String, plugins: AgePluginOptions = .standard) throws -> [any AgeIdentity] {
        // The identities of one plugin are merged, so that one session of the plugin tries them all.
        try AgePluginIdentity.merged(parse(text, kind: "identity") { line in
            if line.hasPrefix("AGE-PLUGIN-") { return try AgePluginIdentity(line, options: plugins) }
            guard line.hasPrefix("AGE-SECRET-KEY-1") else {
                throw LineReason("not an AGE-SECRET-KEY-1… or AGE-PLUGIN-…-1… identity")
            }
            return try AgeX25519Identity(bech32: line) as any AgeIdentity
        })
    }

    /// Parses a recipients file holding one or more `age1…` lines: X25519 recipients, or plugin recipients
    /// `age1<name>1…`.
    /// - Parameter plugins: how plugins named by plugin recipients are run.
    /// - Throws: `AgeError.badKeyText` with the one-based line number of the first bad line, or when the text holds none.
    public static func recipients(parsing text: String, plugins: AgePluginOptions = .standard) throws -> [any AgeRecipient] {
        try parse(text, kind: "recipient") { line in
            guard line.hasPrefix("age1") else { throw LineReason("not an age1… recipient") }
            if line.lastIndex(of: "1") != line.index(line.startIndex, offsetBy: 3) {
                return try AgePluginRecipient(line, options: plugins)
            }
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

/// The public name of an identity, for the audit log: an X25519 identity's `age1…` recipient, a plugin identity's
/// plugin; never a secret.
public enum AgeIdentityLabel {
    /// `age1…` for X25519; `age-plugin-<name>` for plugin identities; the type's name otherwise.
    public static func of(_ identity: any AgeIdentity) -> String {
        switch identity {
        case let x25519 as AgeX25519Identity: x25519.recipient.bech32
        case let plugin as AgePluginIdentity: "age-plugin-\(plugin.pluginName)"
        default: String(describing: type(of: identity))
        }
    }
}
