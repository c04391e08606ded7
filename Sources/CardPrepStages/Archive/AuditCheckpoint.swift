import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// A checkpoint statement that cannot be read.
public struct AuditCheckpointUnreadable: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with it.
    public var reason: String
    public var description: String { reason }
}

/// What a signed audit checkpoint states: which checkpoint it is, the last entry of the audit log (number and hash),
/// the checkpoint before it, and the canonical digests of every table that matters (`AuditedTables`).
///
/// The statement is text, one field a line, signed as it is (SSHSIG, namespace `cardprep-audit`):
/// ```
/// cardprep-audit-checkpoint/2
/// number: 3
/// seq: 120
/// hash: <hex SHA-256 of entry 120>
/// at: 2026-11-02T01:00:00.000Z
/// previous: <hex SHA-256 of checkpoint 2's statement; 64 zeros for the first>
/// table: step rows=12 mark=12 by=rowid fixed=<hex> all=<hex> columns=dropID,stage,completedAt,summary mutable=completedAt,summary mutableRows=stage:reconcile|inspect
/// ```
/// A table without mutable columns is digested as a chain (table digest encoding 2, see `TableDigester`): its line
/// goes on with `from=<mark> fromRows=<rows> base=<hex>`, the mark, row count and digest of the link it continues
/// (the same table's in the checkpoint before; `from=0 fromRows=0` and 64 zeros for a chain's first link), and its
/// `fixed` and `all` are the one digest of that link. A line without them is a whole-table digest (encoding 1), as
/// every table line was before encoding 2; such statements still verify.
///
/// Version 1 statements (`seq` and `hash` only, written by earlier versions of `cardprep audit checkpoint`) are still
/// read; they have no number and cover no table.
public struct AuditCheckpoint: Sendable, Equatable {
    /// The first line of a statement.
    public static let format = "cardprep-audit-checkpoint/2"
    /// The first line of a version 1 statement.
    public static let legacyFormat = "cardprep-audit-checkpoint/1"
    /// The SSHSIG namespace of checkpoint signatures.
    public static let namespace = "cardprep-audit"
    /// The `previous` of the first checkpoint.
    public static let noPrevious = String(repeating: "0", count: 64)

    /// The checkpoint's number, from 1, with no gaps; nil for a version 1 statement.
    public var number: Int?
    /// The last audit entry the checkpoint covers.
    public var seq: Int64
    /// That entry's hash.
    public var hash: String
    /// When it was signed (ISO 8601 UTC).
    public var at: String
    /// The SHA-256 of the statement of checkpoint `number - 1`.
    public var previous: String?
    /// The covered tables.
    public var tables: [TableDigest]

    /// Creates a checkpoint statement.
    public init(number: Int?, seq: Int64, hash: String, at: String, previous: String?, tables: [TableDigest]) {
        self.number = number; self.seq = seq; self.hash = hash; self.at = at; self.previous = previous; self.tables = tables
    }

    /// How people name it: `checkpoint 3`, or `checkpoint at entry 120` for a version 1 statement.
    public var label: String { number.map { "checkpoint \($0)" } ?? "checkpoint at entry \(seq)" }

    /// The statement as it is signed.
    public var text: String {
        guard let number else { return "\(Self.legacyFormat)\nseq: \(seq)\nhash: \(hash)\nat: \(at)\n" }
        var lines = [
            Self.format, "number: \(number)", "seq: \(seq)", "hash: \(hash)", "at: \(at)",
            "previous: \(previous ?? Self.noPrevious)",
        ]
        for table in tables {
            let rows = table.mutableRows.map { "\($0.column):\($0.values.joined(separator: "|"))" } ?? "-"
            let mutable = table.mutableColumns.isEmpty ? "-" : table.mutableColumns.joined(separator: ",")
            lines.append(
                "table: \(table.table) rows=\(table.rows) mark=\(table.mark) by=\(table.markColumn ?? "rowid") "
                    + "fixed=\(table.fixed) all=\(table.all) columns=\(table.columns.joined(separator: ",")) "
                    + "mutable=\(mutable) mutableRows=\(rows)"
                    + (table.from.map { " from=\($0) fromRows=\(table.fromRows ?? 0) base=\(table.base ?? "")" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The hex SHA-256 of a statement, as the next checkpoint's `previous` names it.
    public static func digest(of statement: [UInt8]) -> String { FileDigest.sha256(statement) }

    /// Reads a statement of either version.
    /// - Throws: `AuditCheckpointUnreadable` naming what is wrong.
    public static func parse(_ bytes: [UInt8]) throws(AuditCheckpointUnreadable) -> AuditCheckpoint {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let first = lines.first, first == format || first == legacyFormat else {
            throw AuditCheckpointUnreadable(reason: "not a \(format) statement")
        }
        var fields: [String: String] = [:]
        var tables: [TableDigest] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw AuditCheckpointUnreadable(reason: "line '\(line.prefix(40))' has no field name")
            }
            let name = String(line[..<colon]), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "table", first == format { tables.append(try table(value)) } else { fields[name] = value }
        }
        guard let seq = fields["seq"].flatMap({ Int64($0) }), let hash = fields["hash"], isHex(hash) else {
            throw AuditCheckpointUnreadable(reason: "the seq or hash field is missing or malformed")
        }
        guard first == format else {
            return AuditCheckpoint(number: nil, seq: seq, hash: hash, at: fields["at"] ?? "", previous: nil, tables: [])
        }
        guard let number = fields["number"].flatMap({ Int($0) }), number >= 1, let previous = fields["previous"], isHex(previous)
        else {
            throw AuditCheckpointUnreadable(reason: "the number or previous field is missing or malformed")
        }
        return AuditCheckpoint(number: number, seq: seq, hash: hash, at: fields["at"] ?? "", previous: previous, tables: tables)
    }

    private static func table(_ value: String) throws(AuditCheckpointUnreadable) -> TableDigest {
        let words = value.split(separator: " ").map(String.init)
        guard let name = words.first else { throw AuditCheckpointUnreadable(reason: "a table line names no table") }
        var fields: [String: String] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else {
                throw AuditCheckpointUnreadable(reason: "table \(name): '\(word)' is not key=value")
            }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        func list(_ key: String) -> [String] {
            fields[key].map { $0 == "-" ? [] : $0.split(separator: ",").map(String.init) } ?? []
        }
        guard let rows = fields["rows"].flatMap({ Int($0) }), let mark = fields["mark"].flatMap({ Int64($0) }),
            let by = fields["by"],
            let fixed = fields["fixed"], isHex(fixed), let all = fields["all"], isHex(all), !list("columns").isEmpty
        else { throw AuditCheckpointUnreadable(reason: "table \(name): a field is missing or malformed") }
        var mutableRows: MutableRows?
        if let text = fields["mutableRows"], text != "-" {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw AuditCheckpointUnreadable(reason: "table \(name): mutableRows is malformed") }
            mutableRows = MutableRows(column: parts[0], values: parts[1].split(separator: "|").map(String.init))
        }
        var from: Int64?, fromRows: Int?, base: String?
        if let text = fields["from"] {
            guard let mark = Int64(text), let rows = fields["fromRows"].flatMap({ Int($0) }), let hex = fields["base"],
                isHex(hex)
            else { throw AuditCheckpointUnreadable(reason: "table \(name): from, fromRows or base is missing or malformed") }
            (from, fromRows, base) = (mark, rows, hex)
        }
        return TableDigest(
            table: name, columns: list("columns"), mutableColumns: list("mutable"), mutableRows: mutableRows,
            markColumn: by == "rowid" ? nil : by, mark: mark, rows: rows, fixed: fixed, all: all, from: from,
            fromRows: fromRows, base: base)
    }

    static func isHex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// A statement and its signature as found in one place.
public struct CheckpointCopy: Sendable, Equatable {
    /// Where it was found.
    public var source: CheckpointSource
    /// The statement's bytes, as signed.
    public var statement: [UInt8]
    /// The armored SSHSIG; nil when missing.
    public var signature: String?
}

/// Where a copy of a checkpoint is kept: the audit folder beside the ledger, the log beside the vault, or a bundle.
public enum CheckpointSource: Sendable, Hashable, CustomStringConvertible {
    /// `<output>/audit/checkpoint-<number>.txt` with `.sig` beside it.
    case folder(file: String)
    /// A line of `<vault>/audit-checkpoints.log`.
    case log(file: String, line: Int)
    /// The `audit/` entries of a bundle in the vault.
    case bundle(path: String)

    public var description: String {
        switch self {
        case let .folder(file): file
        case let .log(file, line): "\(file) line \(line)"
        case let .bundle(path): "bundle \(path)"
        }
    }

    /// Whether the copy is in the audit folder beside the ledger.
    public var isFolder: Bool { if case .folder = self { true } else { false } }
    /// Whether the copy is in the log beside the vault.
    public var isLog: Bool { if case .log = self { true } else { false } }
}
