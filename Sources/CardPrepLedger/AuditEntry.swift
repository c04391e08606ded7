import Crypto
import Foundation
import GRDB

/// What an audit event is about, who did it and with which key; appended to the hash chain by `Ledger.appendAudit`.
public struct AuditEvent: Sendable, Equatable {
    /// A stable event name, e.g. `drop.received`, `drop.ingested`, `drop.quarantined`, `datakey.created`.
    public var event: String
    public var dropID: String?
    /// Who acted: `system` for the pipeline's own work, or the verified people of a signed action (`alice+bob`);
    /// never a name taken from the environment.
    public var actor: String
    /// The machine it ran on.
    public var host: String
    /// The key involved, by its public form or fingerprint; never a secret.
    public var key: String
    /// Further facts as sorted `key=value` pairs; never card data.
    public var details: [String: String]

    /// Creates an event.
    public init(event: String, dropID: String? = nil, actor: String, host: String, key: String = "", details: [String: String] = [:]) {
        self.event = event; self.dropID = dropID; self.actor = actor; self.host = host; self.key = key; self.details = details
    }
}

/// An entry of the hash-chained audit log: each carries the SHA-256 of the one before, so that an edited,
/// removed or reordered entry breaks the chain.
public struct AuditEntry: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "audit"
    public static var databaseTableName: String { tableName }
    /// The position in the log, from 1.
    public var seq: Int64
    /// ISO 8601 UTC time with milliseconds.
    public var at: String
    public var event: String
    public var dropID: String?
    public var actor: String
    public var host: String
    public var key: String
    /// The event's details as sorted `key=value` lines.
    public var details: String
    /// The hash of the entry before (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over this entry's canonical text.
    public var hash: String

    /// The hash of the empty log.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical text the hash covers: every field in a fixed order, one per line.
    public var canonicalText: String {
        [String(seq), at, event, dropID ?? "-", actor, host, key, details, previousHash].joined(separator: "\n")
    }

    /// SHA-256 of `canonicalText`, hex.
    public var computedHash: String {
        SHA256.hash(data: Data(canonicalText.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The entry as one line of the exported custody log (JSON object, sorted keys).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func details(_ pairs: [String: String]) -> String {
        pairs.keys.sorted().map { "\($0)=\(pairs[$0]!.replacingOccurrences(of: "\n", with: " "))" }.joined(separator: "\n")
    }
}

/// A break in the audit chain found by `Ledger.verifyAuditChain()`.
public struct AuditChainFault: Sendable, Equatable, CustomStringConvertible {
    /// The entry at which the chain breaks.
    public var seq: Int64
    public var reason: String
    public var description: String { "audit entry \(seq): \(reason)" }
}
