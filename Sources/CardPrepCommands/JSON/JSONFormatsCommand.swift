import ArgumentParser
import Foundation

/// `cardprep json-formats`: the reference of every JSON document CardPrep prints under `--json`.
public struct JSONFormatsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "json-formats",
        abstract: "Print the reference of every --json output: its format name and version, and its keys.",
        discussion: """
            Every command given --json prints one compact JSON object on one line: keys sorted, numbers as numbers, \
            times in ISO 8601 (UTC, no fractions). Its format key names the document and its version \
            (cardprep-vault-find/1); the version goes up only when a key changes type or meaning or goes away, and new \
            keys may come without it. A list is under a key. A failure under --json prints a cardprep-error/1 object \
            on standard output instead of the error line, with the same exit code.

            Examples: cardprep json-formats
                      cardprep json-formats --summary
                      cardprep json-formats --json | jq -r '.formats[].format'
            """
    )

    @Flag(help: "Print the reference as JSON (format cardprep-json-formats/1).")
    var json = false

    @Flag(help: "Print one table row per format (its keys and their types, without their meaning), as README.md holds it.")
    var summary = false

    public init() {}

    public func run() throws {
        if json {
            try printJSON(JSONFormatReference.Document(JSONFormat.all), format: .jsonFormats)
        } else if summary {
            print(JSONFormatReference.summary(JSONFormat.all), terminator: "")
        } else {
            print(JSONFormatReference.markdown(JSONFormat.all), terminator: "")
        }
    }
}

/// The reference of the JSON formats, as Markdown (the README's JSON section) and as JSON.
public enum JSONFormatReference {
    /// One section per format: its name, the commands that print it, what it is, a table of its keys.
    public static func markdown(_ formats: [JSONFormat]) -> String {
        formats.map { format in
            let commands = format.commands.map { $0.hasPrefix("every") ? $0 : "`cardprep \($0)`" }.joined(separator: ", ")
            let rows = format.allKeys.map { key in
                "| `\(key.name)` | \(key.type.rawValue)\(key.optional ? " (optional)" : "") | \(key.meaning.replacingOccurrences(of: "|", with: "\\|")) |"
            }
            return (["#### `\(format.identifier)`", "", "\(format.summary) Printed by \(commands).", "", "| key | type | meaning |", "|---|---|---|"]
                + rows).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// One Markdown table row per format: its name, the commands that print it, its keys with their types
    /// (`name?` for an optional key).
    public static func summary(_ formats: [JSONFormat]) -> String {
        let rows = formats.map { format in
            let commands = format.commands.map { $0.hasPrefix("every") ? $0 : "`\($0)`" }.joined(separator: ", ")
            let keys = format.keys.map { "`\($0.name)\($0.optional ? "?" : "")` \($0.type.rawValue)" }.joined(separator: ", ")
            return "| `\(format.identifier)` | \(commands) | \(keys) |"
        }
        return (["| format | printed by | keys besides `format` (`?`: left out when it has no value) |", "|---|---|---|"] + rows)
            .joined(separator: "\n") + "\n"
    }

    struct Document: Encodable {
        struct Format: Encodable {
            struct Key: Encodable {
                var name: String, type: String, optional: Bool, meaning: String
            }

            var format: String, name: String, version: Int, commands: [String], summary: String, keys: [Key]
        }

        var formats: [Format]

        init(_ formats: [JSONFormat]) {
            self.formats = formats.map {
                Format(format: $0.identifier, name: $0.name, version: $0.version, commands: $0.commands, summary: $0.summary,
                       keys: $0.allKeys.map { Format.Key(name: $0.name, type: $0.type.rawValue, optional: $0.optional, meaning: $0.meaning) })
            }
        }
    }
}

extension JSONFormat {
    static let jsonFormats = JSONFormat(
        "cardprep-json-formats", commands: ["json-formats --json"], "This reference.",
        keys: [.array("formats", "per format: `format`, `name`, `version`, `commands`, `summary`, `keys` (`name`, `type`, `optional`, `meaning`)")])
}
