import CardPrepCore

extension ProductionTargets {
    /// The production targets of a drop: the machines each product of `order` goes to, as the customer's profile
    /// names them, with the personalisation settings transform makes each card with (``MachineProfile/personalisation``),
    /// and the addresses of the order's branches, which carriers are printed with.
    ///
    /// A product without machines has nothing to be checked against; transform refuses its drop until the profile
    /// names some.
    /// - Throws: `ConfigurationError` when a machine profile is missing or wrong.
    /// - Parameter today: the day of validation, which stands for the day of personalisation in effective-date rules.
    convenience init(
        order: Order, profile: CustomerProfile, machinesFolder: String,
        today: CalendarDate = CalendarDate(year: 2000, month: 1, day: 1)!
    ) throws(ConfigurationError) {
        var machines: [String: [Machine]] = [:]
        for line in order.lines where machines[line.productCode] == nil {
            machines[line.productCode] = try (profile.machinesByProduct[line.productCode] ?? []).map {
                id throws(ConfigurationError) in
                let machine = try MachineProfile.find(id, in: machinesFolder)
                let product = profile.personalisationByProduct[line.productCode] ?? ProductPersonalisation()
                if machine.layout == .chipCPS, product.chip?.records == nil {
                    throw ConfigurationError(
                        file: machinesFolder + "/" + id + ".yml", line: nil,
                        reason: "layout chip-cps needs the records of product \(line.productCode)'s chip application profile "
                            + "(chip.records in customer profile \(profile.id))")
                }
                return Machine(id: machine.id, settings: machine.personalisation.applying(product, production: today))
            }
        }
        var addresses: [String: PostalAddress] = [:]
        for branch in order.customerUnit.branches where addresses[branch.code] == nil { addresses[branch.code] = branch.address }
        self.init(machinesByProduct: machines, carrierAddresses: addresses)
    }
}
