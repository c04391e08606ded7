import CardPrepCore

/// Personalises accepted records for one machine and writes each as a line of its job file. Everything that
/// is the same for every card of the machine and product (its personalisation settings, its layout) is worked out once.
struct JobLineEncoder {
    /// What the machine needs made for each card of the product.
    let settings: PersonalisationSettings
    /// The machine's job file layout.
    let layout: MachineProfile.Layout
    /// The issuer's card verification key, for a product that computes card values.
    let key: (any CardVerificationCipher)?
    /// The carrier fields of each line, for a machine that prints carriers (the match key names the job).
    private(set) var carrier: JobFileLayout.CarrierFields?

    /// Creates the encoder for `machine`'s part of job `job`, making cards of a product with `product`'s settings on
    /// `production`.
    init(
        machine: MachineProfile, job: String = "", product: ProductPersonalisation = ProductPersonalisation(),
        production: CalendarDate = CalendarDate(year: 2000, month: 1, day: 1)!, key: (any CardVerificationCipher)? = nil
    ) {
        settings = machine.personalisation.applying(product, production: production)
        layout = machine.layout
        self.key = key
        carrier = machine.carrier.map { JobFileLayout.CarrierFields(job: job, matchKey: machine.matchKey, lines: $0.maximumLines) }
    }

    /// The same encoder for job `id`: the carrier match key names it.
    func forJob(_ id: String) -> JobLineEncoder {
        var copy = self
        copy.carrier?.job = id
        return copy
    }

    /// Appends the job file line of `record` to `line`.
    /// - Parameter carrierAddress: where the card's carrier goes (its branch's address).
    /// - Throws: ``PersonalisationError`` when the record cannot be personalised; the key's error when the token
    ///   cannot compute a card value.
    func appendLine(
        for record: CardDataRecord, carrierAddress: CarrierAddress?, sequence: Int, batch: String, to line: inout [UInt8]
    ) throws {
        var values = CardValues()
        if let cardValues = settings.cardValues {
            do { values = try cardValues.values(of: record, key: key) } catch let error as CardValueError {
                throw PersonalisationError.cardValue(error)
            }
        }
        let address = CarrierAddress.forCard(record, branch: carrierAddress, settings: settings)
        let personalised = try PersonalisationRecord.make(from: record, settings: settings, carrier: address, values: values)
        JobFileLayout.appendLine(personalised, sequence: sequence, batch: batch, layout: layout, carrier: carrier, to: &line)
    }
}
