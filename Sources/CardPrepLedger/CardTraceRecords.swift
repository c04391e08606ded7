import CardPrepCore
import Crypto
import Foundation

/// One card's place in one job, as transform issued it: never the card's number or name, only its keyed fingerprint,
/// its masked number (first six, last four) and the cardholder's initials.
public struct CardTraceRow: Sendable, Equatable {
    /// The drop's id.
    public var dropID: String
    /// The record's number in the drop's card data.
    public var record: Int
    /// HMAC-SHA256 of the card number under the bureau's fingerprint key.
    public var fingerprint: CardFingerprint
    /// The card number masked, e.g. `411111******1111`.
    public var masked: String
    /// The cardholder's initials, e.g. `J.D.`.
    public var initials: String
    public var product: String
    public var branch: String
    public var job: String
    public var batch: String
    /// The card's position in the job file (from 1), as the floor reports it in `production.csv`.
    public var sequence: Int

    /// Creates a row.
    public init(dropID: String, record: Int, fingerprint: CardFingerprint, masked: String, initials: String, product: String,
                branch: String, job: String, batch: String, sequence: Int) {
        self.dropID = dropID; self.record = record; self.fingerprint = fingerprint; self.masked = masked
        self.initials = initials; self.product = product; self.branch = branch; self.job = job; self.batch = batch
        self.sequence = sequence
    }
}

/// The floor's reports on a drop as reconcile read them: every file as received, and `production.csv` read into rows.
public struct FloorReports: Sendable, Equatable {
    /// One report file.
    public struct File: Sendable, Equatable {
        /// The file's name, e.g. `shipping.csv`.
        public var name: String
        /// Its text, as received.
        public var text: String

        /// Creates a file.
        public init(name: String, text: String) { self.name = name; self.text = text }
    }

    /// The files other than `production.csv`, whose lines are `production`.
    public var files: [File]
    /// The lines of `production.csv` that could be read, in file order.
    public var production: [ProductionResult]

    /// Creates the reports.
    public init(files: [File], production: [ProductionResult]) { self.files = files; self.production = production }

    /// One digest over the files' names and texts and the production lines: a set equal to the last one kept is not
    /// kept again.
    public var sha256: String {
        var all = SHA256()
        for file in files {
            all.update(data: Array("\(file.name) \(file.text.utf8.count)\n".utf8))
            all.update(data: Array(file.text.utf8))
        }
        for line in production {
            let fields = [line.job, line.batch, String(line.sequence), line.serial, line.status.rawValue, line.reason, line.station,
                          line.operator, Timestamp.iso8601(line.time)]
            all.update(data: Array((fields.joined(separator: ",") + "\n").utf8))
        }
        return all.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// One line of the floor's `production.csv`, as the ledger keeps it for a drop.
public struct CardProductionRow: Sendable, Equatable {
    public var dropID: String
    /// The line's position among the production lines kept (from 1).
    public var line: Int
    public var result: ProductionResult
}

/// The floor's reports of a drop as last kept: when, and the files other than `production.csv`.
public struct KeptFloorReports: Sendable, Equatable {
    public var dropID: String
    public var recordedAt: Date
    public var sha256: String
    public var files: [FloorReports.File]
}
