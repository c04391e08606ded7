/// Where a drop's cards are made: for each product, the machines that make it and what each needs for a card;
/// for each branch, the address its carriers go to.
///
/// The production-limit rules (``CardFaceRule``, ``NameFitRule``, ``MagneticStripeRule``, ``ChipDataRule`` and
/// ``CarrierAddressRule``) check every record against every machine of its product, so that what validation
/// accepts, transform can produce. Everything that is the same for every card is worked out here, once a drop; a
/// class, since every rule reads it for every record.
public final class ProductionTargets: Sendable {
    /// A machine that makes a product.
    public struct Machine: Sendable, Equatable {
        /// The machine's identifier, as findings name it.
        public var id: String
        /// What the machine needs made for each card, as transform personalises the card for it.
        public var settings: PersonalisationSettings

        /// Creates a machine.
        public init(id: String, settings: PersonalisationSettings) {
            self.id = id
            self.settings = settings
        }
    }

    /// The machines of one product that have the same settings, checked once for all of them. A class, so that the
    /// rules go through a drop's groups without copying their settings for every record.
    public final class MachineGroup: Sendable {
        /// The machines' identifiers, in the profile's order.
        public let machines: [String]
        /// What their settings demand of a record.
        public let limits: PersonalisationLimits
        /// The chip's PAN sequence number (tag 5F34) the machines write when a record sends none, if they write one.
        public let chipPANSequenceNumber: Int?
        /// The branches' carrier address blocks in the machines' carrier layout, by ``ProductionTargets/branch(_:)``.
        private let carriers: [CarrierAddress]

        init(machines: [String], settings: PersonalisationSettings, addresses: [PostalAddress]) {
            self.machines = machines
            limits = PersonalisationLimits(settings: settings)
            chipPANSequenceNumber = settings.chip?.panSequenceNumber
            carriers = addresses.map { CarrierAddress($0, layout: settings.carrier) }
        }

        /// The address block of the carriers of a branch, by its number from ``ProductionTargets/branch(_:)``.
        public func carrier(_ branch: Int?) -> CarrierAddress? { branch.map { carriers[$0] } }

        /// The address block of the carrier of `record` on these machines (see ``CarrierAddress/forCard(_:branch:settings:)``),
        /// with its branch's block by number; nil when they print no carriers or the card has nowhere to go.
        public func carrier(for record: CardDataRecord, branch: Int?) -> CarrierAddress? {
            CarrierAddress.forCard(record, branch: carrier(branch), settings: limits.settings)
        }
    }

    /// The products' machine groups. An order has a few products, which are found faster by comparing their codes
    /// than by hashing them.
    private let products: [(code: String, groups: [MachineGroup])]
    /// The branches by code, numbering their carrier address blocks.
    private let branches: [String: Int]
    /// The transliteration table every name is measured with.
    private let transliteration = EmbossName.LatinTable.shared

    /// Prepares the checks of a drop.
    /// - Parameters:
    ///   - machinesByProduct: the machines each product goes to, by product code.
    ///   - carrierAddresses: the branches' postal addresses, by branch code.
    public init(machinesByProduct: [String: [Machine]], carrierAddresses: [String: PostalAddress]) {
        let codes = carrierAddresses.keys.sorted()
        let addresses = codes.map { carrierAddresses[$0]! }
        branches = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        products = machinesByProduct.sorted { $0.key < $1.key }.map { product, machines in
            var groups: [(settings: PersonalisationSettings, ids: [String])] = []
            for machine in machines {
                if let index = groups.firstIndex(where: { $0.settings == machine.settings }) {
                    groups[index].ids.append(machine.id)
                } else {
                    groups.append((machine.settings, [machine.id]))
                }
            }
            return (product, groups.map { MachineGroup(machines: $0.ids, settings: $0.settings, addresses: addresses) })
        }
    }

    /// The machines of `product`, grouped by settings; empty for a product without machines.
    public func groups(for product: String) -> [MachineGroup] {
        for entry in products where entry.code == product { return entry.groups }
        return []
    }

    /// `name` measured for the groups' limits.
    public func measure(_ name: String) -> CardholderNameMeasure { CardholderNameMeasure(name, table: transliteration) }

    /// The name of `record` (its parts where the file sends them) measured for the groups' limits.
    public func measure(_ record: CardDataRecord) -> CardholderNameMeasure {
        CardholderNameMeasure(record: record, table: transliteration)
    }

    /// The number of `branch`'s carrier address block in every group, or nil for a branch the order does not name.
    public func branch(_ code: String) -> Int? { branches[code] }
}
