import Foundation
import GRDB

import CardPrepCore

extension DropState: DatabaseValueConvertible {}
extension DropAction: DatabaseValueConvertible {}

/// A drop registered in the ledger, keyed by the SHA-256 of its manifest.
public struct DropRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "drop"
    public static var databaseTableName: String { tableName }
    /// Hex SHA-256 of the drop's MANIFEST.sha256: the drop's run identity.
    public var id: String
    /// The customer folder the drop came from.
    public var customer: String
    /// The drop's folder name as the customer chose it.
    public var name: String
    /// Where the drop stands; changed only through `Ledger` transitions.
    public var state: DropState
    /// When the drop entered its state.
    public var stateSince: Date
    /// The stage, error and fix while the drop is failed.
    public var failedStage: String?
    public var failedError: String?
    public var failedFix: String?
    /// The state a failed or held drop returns to when it is retried or released.
    public var resumeState: DropState?
    /// When the drop was registered.
    public var registeredAt: Date
    /// Where the customer's files are kept, as received, for the archive.
    public var originalsPath: String
    /// The drop's work folder (re-encrypted card data, stage outputs).
    public var workPath: String
    /// The inbox folder the drop was taken from.
    public var sourcePath: String
    /// The fingerprint of the drop's data key (its age recipient); the key itself is in the key store.
    public var dataKeyRecipient: String
    /// Number of card data files and their total ciphertext size, for reports.
    public var cardFileCount: Int
    public var cardBytes: Int64

    /// Creates a record.
    public init(
        id: String, customer: String, name: String, state: DropState, registeredAt: Date, originalsPath: String,
        workPath: String, sourcePath: String, dataKeyRecipient: String, cardFileCount: Int, cardBytes: Int64
    ) {
        self.id = id; self.customer = customer; self.name = name; self.state = state; self.registeredAt = registeredAt
        self.stateSince = registeredAt
        self.originalsPath = originalsPath; self.workPath = workPath; self.sourcePath = sourcePath
        self.dataKeyRecipient = dataKeyRecipient; self.cardFileCount = cardFileCount; self.cardBytes = cardBytes
    }
}

extension DropRecord {
    /// The failure while the drop is failed.
    public var failure: DropFailureDetail? {
        guard state == .failed, let failedStage else { return nil }
        return DropFailureDetail(stage: failedStage, error: failedError ?? "", fix: failedFix ?? "")
    }

    /// The drop as people name it: `customer/drop (first 8 of the id)`.
    public var label: String { "\(customer)/\(name) (\(id.prefix(8)))" }
}

/// One arrival of a drop in the inbox: the first, or a duplicate of a drop registered before.
public struct DeliveryRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "delivery"
    public static var databaseTableName: String { tableName }
    /// How a delivery was taken.
    public enum Kind: String, Codable, Sendable, DatabaseValueConvertible {
        case first, duplicate
    }
    /// The drop the delivery carried (manifest digest).
    public var dropID: String
    public var customer: String
    public var name: String
    public var kind: Kind
    public var receivedAt: Date
    /// Where the delivered folder was moved to.
    public var keptAt: String

    /// Creates a record.
    public init(dropID: String, customer: String, name: String, kind: Kind, receivedAt: Date, keptAt: String) {
        self.dropID = dropID; self.customer = customer; self.name = name; self.kind = kind
        self.receivedAt = receivedAt; self.keptAt = keptAt
    }
}

/// A drop moved to quarantine, with the reason.
public struct QuarantineRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "quarantine"
    public static var databaseTableName: String { tableName }
    /// The record's position; nil until inserted.
    public var seq: Int64?
    public var customer: String
    public var name: String
    /// The manifest digest when the drop had a readable manifest.
    public var dropID: String?
    /// A stable reason code, e.g. `signature-invalid`, `wrong-recipient`.
    public var reasonCode: String
    /// The full message, without card data.
    public var message: String
    public var quarantinedAt: Date
    /// Where the drop's folder is kept now.
    public var keptAt: String
    /// Whether the drop was later released for another try.
    public var released: Bool

    /// Creates a record.
    public init(customer: String, name: String, dropID: String?, reasonCode: String, message: String, quarantinedAt: Date, keptAt: String) {
        self.customer = customer; self.name = name; self.dropID = dropID; self.reasonCode = reasonCode
        self.message = message; self.quarantinedAt = quarantinedAt; self.keptAt = keptAt; self.released = false
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

/// The completion of one stage for one drop, written after the stage's outputs.
public struct StepRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "step"
    public static var databaseTableName: String { tableName }
    public var dropID: String
    public var stage: String
    public var completedAt: Date
    /// A short summary of what the stage produced (counts), for status and reports.
    public var summary: String

    /// Creates a record.
    public init(dropID: String, stage: String, completedAt: Date, summary: String) {
        self.dropID = dropID; self.stage = stage; self.completedAt = completedAt; self.summary = summary
    }
}
