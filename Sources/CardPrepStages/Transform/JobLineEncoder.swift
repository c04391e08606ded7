import CardPrepCore

/// Personalises accepted records for one machine and writes each as a line of its job file. Everything that
/// is the same for every card of the machine (its personalisation settings, its layout) is worked out once.
struct JobLineEncoder {
    /// What the machine needs made for each card.
    let settings: PersonalisationSettings
    /// The machine's job file layout.
    let layout: MachineProfile.Layout

    /// Creates the encoder for `machine`.
    init(machine: MachineProfile) {
        settings = machine.personalisation
        layout = machine.layout
    }

    /// Appends the job file line of `record` to `line`.
    /// - Parameter carrierAddress: where the card's carrier goes (its branch's address).
    /// - Throws: ``PersonalisationError`` when the record cannot be personalised.
    func appendLine(
        for record: CardDataRecord, carrierAddress: CarrierAddress?, sequence: Int, batch: String, to line: inout [UInt8]
    ) throws(PersonalisationError) {
        let personalised = try PersonalisationRecord.make(from: record, settings: settings, carrier: carrierAddress)
        JobFileLayout.appendLine(personalised, sequence: sequence, batch: batch, layout: layout, to: &line)
    }
}
