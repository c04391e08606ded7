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
        JobFileLayout.appendDecimal(record.recordNumber, to: &line)
        line.append(0x09)
        Hex.appendLowercase(fingerprint.bytes, to: &line)
        line.append(0x09)
        CardNumber.appendMasked(record.cardNumber, to: &line)
        line.append(0x09)
        CardholderInitials.append(record.cardholderName, to: &line)
        line.append(0x09)
        line += job.product.utf8
        line.append(0x09)
        line += record.branchCode.utf8
        line.append(0x09)
        line += job.id.utf8
        line.append(0x09)
        line += place.batch.utf8
        line.append(0x09)
        JobFileLayout.appendDecimal(place.sequence, to: &line)
        line.append(0x0A)
        return line
    }

    /// Appends a line made by ``line(for:job:place:)``.
    func write(_ line: [UInt8]) throws { try spool.write(line) }

    /// Calls `body` with every row, in the order written, then removes the file. Called once.
    /// - Throws: `CardTraceSpoolError` for a line that cannot be read back; errors of the file, decryptor or `body`.
    func forEach(_ body: (CardTraceRow) throws -> Void) throws {
        var carry: [UInt8] = []
        var reader = RowReader(dropID: dropID)
        try spool.drain { chunk in
            carry += chunk
            var start = 0
            while let newline = carry[start...].firstIndex(of: 0x0A) {
                try body(try reader.row(carry[start..<newline]))
                start = newline + 1
            }
            carry.removeFirst(start)
        }
        guard carry.isEmpty else { throw CardTraceSpoolError.truncated }
    }

    /// Reads spool lines back into rows. The product, branch, job and batch of a line are mostly those of the line
    /// before, so their text is kept and shared while the bytes are the same.
    private struct RowReader {
        let dropID: String
        private var product = Field(), branch = Field(), job = Field(), batch = Field()

        init(dropID: String) { self.dropID = dropID }

        /// One field's text as last read, and its bytes.
        private struct Field {
            var bytes: [UInt8] = []
            var text = ""

            mutating func reading(_ slice: ArraySlice<UInt8>) -> String {
                if !slice.elementsEqual(bytes) {
                    bytes = Array(slice)
                    text = String(decoding: slice, as: UTF8.self)
                }
                return text
            }
        }

        /// The row of a line (without its newline): nine fields separated by tabs, as ``CardTraceSpool/line(for:job:place:)``
        /// writes them.
        mutating func row(_ bytes: ArraySlice<UInt8>) throws -> CardTraceRow {
            var ends: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
            var tabs = 0
            for index in bytes.indices where bytes[index] == 0x09 {
                switch tabs {
                case 0: ends.0 = index
                case 1: ends.1 = index
                case 2: ends.2 = index
                case 3: ends.3 = index
                case 4: ends.4 = index
                case 5: ends.5 = index
                case 6: ends.6 = index
                case 7: ends.7 = index
                default: throw CardTraceSpoolError.unreadable
                }
                tabs += 1
            }
            guard tabs == 8, let record = Self.integer(bytes[bytes.startIndex..<ends.0]),
                let fingerprint = Self.fingerprint(bytes[(ends.0 + 1)..<ends.1]),
                let sequence = Self.integer(bytes[(ends.7 + 1)..<bytes.endIndex])
            else { throw CardTraceSpoolError.unreadable }
            return CardTraceRow(
                dropID: dropID, record: record, fingerprint: fingerprint,
                masked: String(decoding: bytes[(ends.1 + 1)..<ends.2], as: UTF8.self),
                initials: String(decoding: bytes[(ends.2 + 1)..<ends.3], as: UTF8.self),
                product: product.reading(bytes[(ends.3 + 1)..<ends.4]), branch: branch.reading(bytes[(ends.4 + 1)..<ends.5]),
                job: job.reading(bytes[(ends.5 + 1)..<ends.6]), batch: batch.reading(bytes[(ends.6 + 1)..<ends.7]),
                sequence: sequence)
        }

        /// The number in decimal digits, as `Int(String)` reads it.
        private static func integer(_ digits: ArraySlice<UInt8>) -> Int? {
            guard (1...18).contains(digits.count) else { return Int(String(decoding: digits, as: UTF8.self)) }
            var value = 0
            for digit in digits {
                guard (0x30...0x39).contains(digit) else { return Int(String(decoding: digits, as: UTF8.self)) }
                value = value * 10 + Int(digit - 0x30)
            }
            return value
        }

        /// The fingerprint of 64 hex digits (either case), as `CardFingerprint(hex:)` reads it.
        private static func fingerprint(_ hex: ArraySlice<UInt8>) -> CardFingerprint? {
            guard hex.count == 64 else { return nil }
            return hex.withUnsafeBufferPointer { digits -> CardFingerprint? in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { raw -> CardFingerprint? in
                    var invalid = false
                    for offset in 0..<32 {
                        let high = nibble(digits[2 * offset]), low = nibble(digits[2 * offset + 1])
                        invalid = invalid || high > 0x0F || low > 0x0F
                        raw[offset] = high << 4 | (low & 0x0F)
                    }
                    return invalid ? nil : CardFingerprint(raw: UnsafeRawBufferPointer(raw))
                }
            }
        }

        /// The value of one hex digit (either case), or 0xFF for any other byte.
        private static func nibble(_ digit: UInt8) -> UInt8 {
            switch digit {
            case 0x30...0x39: digit &- 0x30
            case 0x61...0x66: digit &- 0x57
            case 0x41...0x46: digit &- 0x37
            default: 0xFF
            }
        }
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
