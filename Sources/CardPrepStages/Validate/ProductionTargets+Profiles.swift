import CardPrepCore

extension ProductionTargets {
    /// The production targets of a drop: the machines each product of `order` goes to, as the customer's profile
    /// names them, with the personalisation settings transform makes each card with (``MachineProfile/personalisation``),
    /// and the addresses of the order's branches, which carriers are printed with.
    ///
    /// A product without machines has nothing to be checked against; transform refuses its drop until the profile
    /// names some.
    /// - Throws: `ConfigurationError` when a machine profile is missing or wrong.
    convenience init(order: Order, profile: CustomerProfile, machinesFolder: String) throws(ConfigurationError) {
        var machines: [String: [Machine]] = [:]
        for line in order.lines where machines[line.productCode] == nil {
            machines[line.productCode] = try (profile.machinesByProduct[line.productCode] ?? []).map {
                id throws(ConfigurationError) in
                let machine = try MachineProfile.find(id, in: machinesFolder)
                return Machine(id: machine.id, settings: machine.personalisation)
            }
        }
        var addresses: [String: PostalAddress] = [:]
        for branch in order.customerUnit.branches where addresses[branch.code] == nil { addresses[branch.code] = branch.address }
        self.init(machinesByProduct: machines, carrierAddresses: addresses)
    }
}
