import Foundation

/// One JSON document a command prints under `--json`: its name and version, the commands that print it, and its
/// top-level keys with their JSON types and meaning. Every `--json` output goes through `printJSON(_:format:)` with
/// one of these, and `cardprep json-formats` prints the reference from them.
public struct JSONFormat: Sendable, Equatable {
    /// The JSON type of a key's value.
    public enum ValueType: String, Sendable, Equatable {
        case string, number, boolean, object, array
    }

    /// A top-level key of the document.
    public struct Key: Sendable, Equatable {
        public var name: String
        public var type: ValueType
        /// The key is left out when it has no value (JSON has no `null` in CardPrep's output).
        public var optional: Bool
        public var meaning: String
    }

    /// The name without its version, e.g. `cardprep-vault-find`.
    public var name: String
    /// Raised only when a key changes meaning or type, or goes; new keys keep the version.
    public var version: Int
    /// The commands that print it, e.g. `vault find`.
    public var commands: [String]
    /// One sentence on what the document is.
    public var summary: String
    /// The keys besides `format`.
    public var keys: [Key]

    /// The value of the `format` key: `cardprep-vault-find/1`.
    public var identifier: String { "\(name)/\(version)" }

    init(_ name: String, version: Int = 1, commands: [String], _ summary: String, keys: [Key]) {
        self.name = name
        self.version = version
        self.commands = commands
        self.summary = summary
        self.keys = keys
    }

    /// Every key, `format` first.
    public var allKeys: [Key] {
        [Key(name: "format", type: .string, optional: false, meaning: "`\(identifier)`")] + keys
    }
}

extension JSONFormat.Key {
    static func string(_ name: String, _ meaning: String, optional: Bool = false) -> Self { .init(name: name, type: .string, optional: optional, meaning: meaning) }
    static func number(_ name: String, _ meaning: String, optional: Bool = false) -> Self { .init(name: name, type: .number, optional: optional, meaning: meaning) }
    static func boolean(_ name: String, _ meaning: String, optional: Bool = false) -> Self { .init(name: name, type: .boolean, optional: optional, meaning: meaning) }
    static func object(_ name: String, _ meaning: String, optional: Bool = false) -> Self { .init(name: name, type: .object, optional: optional, meaning: meaning) }
    static func array(_ name: String, _ meaning: String, optional: Bool = false) -> Self { .init(name: name, type: .array, optional: optional, meaning: meaning) }
}
