import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The trace rows of a drop's cards while transform writes its jobs: one line per card placed, kept in a temporary
/// file in the drop's work folder, encrypted to the drop's data key, until the ledger takes them in the transaction
/// that records the jobs. Memory holds one chunk, however large the drop.
///
/// A line holds the record number, the card's fingerprint (HMAC under the bureau's fingerprint key), its masked
/// number, the cardholder's initials, product, branch, job, batch and position: never the number or the name.
final class CardTraceSpool {
    private let spool: SpooledBranchSegment
    private let dropID: String
    private let key: any CardFingerprintKey

    /// Creates the temporary file in `folder` (the drop's work folder).
    /// - Throws: I/O and encryption errors.
    init(dropID: String, folder: String, key: any CardFingerprintKey,
         dataKey: (recipients: [any AgeRecipient], identities: [any AgeIdentity])) throws {
        self.dropID = dropID
        self.key = key
        spool = try SpooledBranchSegment(folder: folder, name: "card-trace", recipients: dataKey.recipients,
                                         identities: dataKey.identities)
    }

    /// The spool line of `record` placed at `place` of `job`. Changes nothing, so it may be made on any thread.
    func line(for record: CardDataRecord, job: JobPlan.PlannedJob, place: (sequence: Int, batch: String)) throws -> [UInt8] {
        let fingerprint = try key.fingerprint(of: record.cardNumber)
        var line: [UInt8] = []
        line.reserveCapacity(192)
        line += String(record.recordNumber).utf8
        line.append(0x09)
        Hex.appendLowercase(fingerprint.bytes, to: &line)
        for field in [CardNumber.masked(record.cardNumber), CardholderInitials.of(record.cardholderName), job.product,
                      record.branchCode, job.id, place.batch, String(place.sequence)] {
            line.append(0x09)
            line += field.utf8
        }
        line.append(0x0A)
        return line
    }

    /// Appends a line made by ``line(for:job:place:)``.
    func write(_ line: [UInt8]) throws { try spool.write(line) }

    /// Calls `body` with every row, in the order written, then removes the file. Called once.
    /// - Throws: `CardTraceSpoolError` for a line that cannot be read back; errors of the file, decryptor or `body`.
    func forEach(_ body: (CardTraceRow) throws -> Void) throws {
        var carry: [UInt8] = []
        try spool.drain { chunk in
            carry += chunk
            var start = 0
            while let newline = carry[start...].firstIndex(of: 0x0A) {
                try body(try row(carry[start..<newline]))
                start = newline + 1
            }
            carry.removeFirst(start)
        }
        guard carry.isEmpty else { throw CardTraceSpoolError.truncated }
    }

    private func row(_ bytes: ArraySlice<UInt8>) throws -> CardTraceRow {
        let fields = bytes.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == 9, let record = Int(fields[0]), let fingerprint = CardFingerprint(hex: fields[1]),
              let sequence = Int(fields[8]) else { throw CardTraceSpoolError.unreadable }
        return CardTraceRow(dropID: dropID, record: record, fingerprint: fingerprint, masked: fields[2], initials: fields[3],
                            product: fields[4], branch: fields[5], job: fields[6], batch: fields[7], sequence: sequence)
    }
}

/// A trace spool that cannot be read back as it was written.
enum CardTraceSpoolError: Error, CustomStringConvertible {
    case unreadable, truncated

    var description: String {
        switch self {
        case .unreadable: "the card trace spool holds a line that cannot be read"
        case .truncated: "the card trace spool ends in the middle of a line"
        }
    }
}

extension PipelineDefinition {
    /// The bureau's fingerprint key (`keys.fingerprint`): a key file or a key in the token; validate, transform and
    /// trace read it here.
    /// - Parameter use: what needs it, for the message when none is configured.
    /// - Throws: `ConfigurationError` when none is configured; key file errors.
    public func fingerprintKey(for use: String) throws -> any CardFingerprintKey {
        guard let reference = fingerprintKey else {
            throw ConfigurationError(file: file, line: nil, reason: "keys.fingerprint is required by \(use)")
        }
        return try keys.fingerprintKey(reference)
    }
}
