/// The key printed on a card and on its carrier so that the floor's camera or operator can pair them, made of
/// parts the machine profile chooses (`match_key: [job, sequence, last4]` by default), joined by `-`:
/// `J-20250615-0001-000042-1234`. The last four digits of the card number are as much of it as a masked number
/// shows, never more.
public struct CarrierMatchKey: Sendable, Equatable {
    /// A part of the key.
    public enum Part: String, Sendable, Equatable, CaseIterable {
        /// The job's identifier.
        case job
        /// The batch's identifier.
        case batch
        /// The card's sequence number in its job, six digits.
        case sequence
        /// The card's record number in its card data file.
        case record
        /// The last four digits of the card number.
        case last4
    }

    /// The parts, in the order they are written.
    public var parts: [Part]

    /// Creates a key of `parts`.
    public init(parts: [Part] = [.job, .sequence, .last4]) { self.parts = parts }

    /// The key of one card.
    /// - Parameters:
    ///   - job: the job's identifier.
    ///   - batch: the card's batch.
    ///   - sequence: the card's sequence number in the job.
    ///   - record: the personalisation record (its record number and masked card number).
    public func key(job: String, batch: String, sequence: Int, record: PersonalisationRecord) -> String {
        var key = [UInt8]()
        key.reserveCapacity(job.utf8.count + batch.utf8.count + 32)
        for (index, part) in parts.enumerated() {
            if index > 0 { key.append(UInt8(ascii: "-")) }
            switch part {
            case .job: key += job.utf8
            case .batch: key += batch.utf8
            case .sequence where sequence >= 0:
                // Zero-padded to six digits, as `CardFields.padded` writes it.
                let start = key.count
                var rest = sequence
                repeat {
                    key.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
                    rest /= 10
                } while rest > 0
                while key.count - start < 6 { key.append(UInt8(ascii: "0")) }
                key[start...].reverse()
            case .sequence: key += CardFields.padded(sequence, width: 6).utf8
            case .record: key += String(record.recordNumber).utf8
            // A personalised card's number is ASCII digits, so its masked number's characters are its bytes.
            case .last4: key += record.maskedPAN.utf8.suffix(4)
            }
        }
        return String(decoding: key, as: UTF8.self)
    }
}

extension CarrierAddress {
    /// Where the carrier of `record` goes on a machine with `settings`: nowhere when the machine prints no
    /// carriers; otherwise the cardholder's own address when the card data sends one, else its branch's address.
    /// Validation and transform both choose with this.
    public static func forCard(
        _ record: CardDataRecord, branch: CarrierAddress?, settings: PersonalisationSettings
    ) -> CarrierAddress? {
        guard settings.printsCarriers else { return nil }
        if let own = record.address { return CarrierAddress(own, layout: settings.carrier) }
        return branch
    }
}
