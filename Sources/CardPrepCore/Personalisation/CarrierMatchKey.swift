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
        parts.map { part in
            switch part {
            case .job: job
            case .batch: batch
            case .sequence: CardFields.padded(sequence, width: 6)
            case .record: String(record.recordNumber)
            case .last4: String(record.maskedPAN.suffix(4))
            }
        }.joined(separator: "-")
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
