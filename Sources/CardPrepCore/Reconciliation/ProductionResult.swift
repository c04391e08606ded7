import Foundation

/// One card's result from a production station (`production.csv`).
///
/// Columns, in order: `job,batch,sequence,serial,status,reason,station,operator,time`
/// - `job`, `batch`: the job and batch ids of the job manifest (`<drop>-J01`, `<drop>-J01-B001`).
/// - `sequence`: the card's position in the job file (from 1); `0` for samples and test cards made outside the batch.
/// - `serial`: the chip or card serial, letters then digits (`CS000101`); never the card number.
/// - `status`: `good`, `spoiled`, `sample` or `test`; `reason`: why a card was spoiled (blank otherwise).
/// - `station`, `operator`: who made it; `time`: ISO 8601 with zone.
///
/// A spoiled card's reprint is a second row with the same sequence and a new serial.
public struct ProductionResult: CSVRecord, Equatable, Codable {
    /// What became of a card.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case good, spoiled, sample, test
    }

    public var job: String
    public var batch: String
    public var sequence: Int
    public var serial: String
    public var status: Status
    public var reason: String
    public var station: String
    public var `operator`: String
    public var time: Date

    /// Creates a result.
    public init(job: String, batch: String, sequence: Int, serial: String, status: Status, reason: String = "",
                station: String, operator: String, time: Date) {
        self.job = job; self.batch = batch; self.sequence = sequence; self.serial = serial; self.status = status
        self.reason = reason; self.station = station; self.operator = `operator`; self.time = time
    }

    public static let columns = ["job", "batch", "sequence", "serial", "status", "reason", "station", "operator", "time"]

    /// Reads one row of `production.csv`.
    public init(_ fields: CSVFields) throws(CSVFieldError) {
        job = try fields.text("job")
        batch = try fields.text("batch")
        sequence = try fields.count("sequence")
        serial = try fields.text("serial")
        guard SerialRange(serial: serial) != nil else {
            throw .invalid(column: "serial", value: serial, expected: "a serial of letters then digits")
        }
        status = try fields.choice("status", Status.self)
        reason = fields.optional("reason")
        if status == .spoiled, reason.isEmpty { throw .invalid(column: "reason", value: "", expected: "the reason a card was spoiled") }
        station = try fields.text("station")
        `operator` = try fields.text("operator")
        time = try fields.time("time")
    }
}
