import CardPrepCore

/// Personalises accepted records for one machine and writes each as a line of its job file. Everything that
/// is the same for every card of the machine (its personalisation settings, its layout) is worked out once.
struct JobLineEncoder {
    /// What the machine needs made for each card.
    let settings: PersonalisationSettings
    /// The machine's job file layout.
    let layout: MachineProfile.Layout
    /// The carrier fields of each line, for a machine that prints carriers.
    let carrier: JobFileLayout.CarrierFields?

    /// Creates the encoder for `machine`'s part of job `job`.
    init(machine: MachineProfile, job: String = "") {
        settings = machine.personalisation
        layout = machine.layout
        carrier = machine.carrier.map { JobFileLayout.CarrierFields(job: job, matchKey: machine.matchKey, lines: $0.maximumLines) }
    }

    /// Appends the job file line of `record` to `line`.
    /// - Parameter carrierAddress: where the card's carrier goes (its branch's address).
    /// - Throws: ``PersonalisationError`` when the record cannot be personalised.
    func appendLine(
        for record: CardDataRecord, carrierAddress: CarrierAddress?, sequence: Int, batch: String, to line: inout [UInt8]
    ) throws(PersonalisationError) {
        let address = CarrierAddress.forCard(record, branch: carrierAddress, settings: settings)
        let personalised = try PersonalisationRecord.make(from: record, settings: settings, carrier: address)
        JobFileLayout.appendLine(personalised, sequence: sequence, batch: batch, layout: layout, carrier: carrier, to: &line)
    }
}
