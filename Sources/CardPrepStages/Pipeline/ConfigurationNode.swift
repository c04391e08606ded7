import Foundation
import Yams

/// A YAML mapping read strictly: every key must be known, every value of the right kind, and every
/// mistake names its line.
struct ConfigurationMapping {
    let file: String
    let line: Int?
    private let pairs: [(key: String, value: Node, line: Int?)]
    private var used = Set<String>()

    init(_ node: Node?, file: String, what: String) throws(ConfigurationError) {
        guard let node, case .mapping(let mapping) = node else {
            throw ConfigurationError(file: file, line: node?.mark?.line, reason: "\(what) must be a mapping of keys to values")
        }
        self.file = file
        self.line = node.mark?.line
        var pairs: [(String, Node, Int?)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ConfigurationError(file: file, line: key.mark?.line, reason: "keys must be plain words")
            }
            pairs.append((scalar.string, value, key.mark?.line))
        }
        self.pairs = pairs
    }

    /// Parses YAML text and returns its top-level mapping.
    static func parse(text: String, file: String) throws(ConfigurationError) -> ConfigurationMapping {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), reason: "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw ConfigurationError(file: file, line: nil, reason: "not valid YAML: \(error)")
        }
        return try ConfigurationMapping(node, file: file, what: "the file")
    }

    private func entry(_ key: String) -> (value: Node, line: Int?)? {
        pairs.first { $0.key == key }.map { ($0.value, $0.line) }
    }

    /// Whether the mapping has `key`.
    func has(_ key: String) -> Bool { entry(key) != nil }

    func error(_ key: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, line: entry(key)?.line ?? line, reason: "'\(key)': \(reason)")
    }

    mutating func optionalString(_ key: String) throws(ConfigurationError) -> String? {
        used.insert(key)
        guard let (node, line) = entry(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw ConfigurationError(file: file, line: line, reason: "'\(key)' must be a single value")
        }
        return scalar.string
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String {
        guard let value = try optionalString(key), !value.isEmpty else {
            throw ConfigurationError(file: file, line: line, reason: "'\(key)' is required")
        }
        return value
    }

    mutating func optionalInt(_ key: String) throws(ConfigurationError) -> Int? {
        guard let text = try optionalString(key) else { return nil }
        guard let value = Int(text) else { throw error(key, "'\(text)' is not a whole number") }
        return value
    }

    mutating func optionalBool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let text = try optionalString(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error(key, "'\(text)' is not true or false")
        }
    }

    mutating func optionalDuration(_ key: String) throws(ConfigurationError) -> Duration? {
        guard let text = try optionalString(key) else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            throw error(key, "'\(text)' is not a duration such as 90s, 30m, 6h, 14d or 24mo")
        }
        return .seconds(seconds)
    }

    mutating func stringList(_ key: String) throws(ConfigurationError) -> [String]? {
        used.insert(key)
        guard let (node, line) = entry(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError(file: file, line: line, reason: "'\(key)' must be a list")
        }
        var values: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                throw ConfigurationError(file: file, line: item.mark?.line, reason: "'\(key)' items must be single values")
            }
            values.append(scalar.string)
        }
        return values
    }

    /// A list of single values with the line of each, so that a wrong item can be named where it is.
    mutating func stringItems(_ key: String) throws(ConfigurationError) -> [(value: String, line: Int?)]? {
        used.insert(key)
        guard let (node, line) = entry(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError(file: file, line: line, reason: "'\(key)' must be a list")
        }
        var items: [(value: String, line: Int?)] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                throw ConfigurationError(file: file, line: item.mark?.line, reason: "'\(key)' items must be single values")
            }
            items.append((scalar.string, item.mark?.line))
        }
        return items
    }

    /// The value of `key` as a mapping when it is one, or as a single value otherwise (nil when absent).
    mutating func scalarOrMapping(_ key: String) throws(ConfigurationError) -> Either? {
        used.insert(key)
        guard let (node, line) = entry(key) else { return nil }
        switch node {
        case .scalar(let scalar): return .scalar(scalar.string, line: line)
        case .mapping: return .mapping(try ConfigurationMapping(node, file: file, what: "'\(key)'"))
        default: throw ConfigurationError(file: file, line: line, reason: "'\(key)' must be a single value or a mapping")
        }
    }

    /// A value that may be written either as a single value or as a mapping.
    enum Either {
        case scalar(String, line: Int?)
        case mapping(ConfigurationMapping)
    }

    /// The line of `key`, or of the mapping when the key is absent.
    func line(of key: String) -> Int? { entry(key)?.line ?? line }

    mutating func optionalMapping(_ key: String) throws(ConfigurationError) -> ConfigurationMapping? {
        used.insert(key)
        guard let (node, _) = entry(key) else { return nil }
        return try ConfigurationMapping(node, file: file, what: "'\(key)'")
    }

    /// A list of mappings, such as the products of a profile.
    mutating func mappingList(_ key: String) throws(ConfigurationError) -> [ConfigurationMapping]? {
        used.insert(key)
        guard let (node, line) = entry(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError(file: file, line: line, reason: "'\(key)' must be a list")
        }
        var items: [ConfigurationMapping] = []
        for item in sequence { items.append(try ConfigurationMapping(item, file: file, what: "each of '\(key)'")) }
        return items
    }

    /// A mapping of names to whole numbers, such as validity months by holder type.
    mutating func intMapping(_ key: String) throws(ConfigurationError) -> [String: Int]? {
        guard var mapping = try optionalMapping(key) else { return nil }
        var values: [String: Int] = [:]
        for name in mapping.keys { values[name] = try mapping.optionalInt(name) }
        return values
    }

    /// The keys of the mapping, in file order.
    var keys: [String] { pairs.map(\.key) }

    /// Refuses any key not in `known`, before anything is read, so that a misspelt key is named as such
    /// rather than reported as a missing one.
    func expectOnly(_ known: Set<String>) throws(ConfigurationError) {
        if let unknown = pairs.first(where: { !known.contains($0.key) }) {
            let list = known.sorted().joined(separator: ", ")
            throw ConfigurationError(file: file, line: unknown.line, reason: "unknown key '\(unknown.key)' (known: \(list))")
        }
    }

    /// Refuses any key that no reader asked for: a misspelt key is a mistake, not something to ignore.
    func rejectUnknownKeys() throws(ConfigurationError) {
        if let unknown = pairs.first(where: { !used.contains($0.key) }) {
            throw ConfigurationError(file: file, line: unknown.line, reason: "unknown key '\(unknown.key)'")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): problem
        default: "\(error)"
        }
    }
}

/// Durations as people write them in configuration: `90s`, `30m`, `6h`, `14d`, `24mo` (30-day months), `2y`.
public enum DurationText {
    /// The number of seconds `text` stands for, or nil when it is not a duration.
    public static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        guard let value = Int64(digits), value >= 0 else { return nil }
        let units: [String: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "mo": 30 * 86_400, "y": 365 * 86_400]
        guard let factor = units[String(trimmed.dropFirst(digits.count)).trimmingCharacters(in: .whitespaces)] else { return nil }
        return value * factor
    }
}
