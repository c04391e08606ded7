import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes realistic synthetic drops: an order XML and a card data file per customer, the card data
/// encrypted with age as it is generated (never on disk in clear), a manifest and optionally a signature.
/// The same request with the same seed and date gives the same plaintext; the ciphertext is fresh each time.
public struct FixtureGenerator {
    /// What to generate.
    public struct Request {
        public var outputFolder: String
        public var customers: Int
        public var cardsPerDrop: Int
        public var seed: UInt64
        /// The drop date: card expiries and validity periods are counted from it.
        public var date: CalendarDate
        /// Who the card data is encrypted to (the bureau).
        public var recipients: [any AgeRecipient]
        /// The customers' manifest signing key, when drops are to be signed.
        public var signingKey: SSHEd25519SigningKey?
        /// Where to write customer profiles (`<customer>.yml`), if anywhere.
        public var profilesFolder: String?
        public var injections: [FixtureInjection: Int]

        /// Creates a request.
        public init(
            outputFolder: String, customers: Int, cardsPerDrop: Int, seed: UInt64, date: CalendarDate,
            recipients: [any AgeRecipient], signingKey: SSHEd25519SigningKey? = nil, profilesFolder: String? = nil,
            injections: [FixtureInjection: Int] = [:]
        ) {
            self.outputFolder = outputFolder; self.customers = customers; self.cardsPerDrop = cardsPerDrop
            self.seed = seed; self.date = date; self.recipients = recipients; self.signingKey = signingKey
            self.profilesFolder = profilesFolder; self.injections = injections
        }
    }

    /// One generated drop.
    public struct GeneratedDrop: Sendable, Codable, Equatable {
        public var customer: String
        public var drop: String
        public var path: String
        public var orderID: String
        public var cards: Int
    }

    /// What was generated, and where the faults are (also written to `injections.json`).
    public struct Result: Sendable, Codable, Equatable {
        public var drops: [GeneratedDrop]
        public var faults: [PlantedFault]
    }

    let request: Request

    /// Prepares a generator.
    public init(_ request: Request) { self.request = request }

    /// Generates every drop.
    /// - Throws: `FixtureError` for impossible requests or an existing drop folder; I/O and crypto errors.
    public func generate() throws -> Result {
        let customers = (0..<request.customers).map(SyntheticCustomer.init)
        var random = SeededGenerator(seed: request.seed)
        let plan = try FaultPlan(request: request, customers: customers, random: &random)
        var drops: [GeneratedDrop] = []
        for customer in customers {
            let dropName = "drop-\(request.date.description.replacingOccurrences(of: "-", with: ""))-\(String(format: "%02d", customer.index + 1))"
            var writer = SyntheticDropWriter(
                request: request, customer: customer, dropName: dropName,
                faults: plan.faults.filter { $0.customer == customer.id }, seed: request.seed &+ UInt64(customer.index) &* 0x9E37)
            drops.append(try writer.write())
            if let folder = request.profilesFolder { try writeProfile(for: customer, in: folder) }
        }
        let result = Result(drops: drops, faults: plan.faults)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFileWriter.write(
            Array(try encoder.encode(plan.faults)), to: request.outputFolder + "/injections.json", mode: 0o644)
        return result
    }

    private func writeProfile(for customer: SyntheticCustomer, in folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "# Customer profile (generated)\ncustomer: \(customer.id)\nname: \(customer.name)\n"
        if let key = request.signingKey {
            text += "signers:\n  - \"\(key.publicKey.authorizedKeyLine(comment: customer.id))\"\n"
        }
        text += """
            card_data:
              encoding: utf8
              long_names: abbreviate
              max_rejected_share: 0.5
            products:
              - code: \(customer.debitProduct)
                programme: bank
                bins: ["\(customer.bin)"]
                pan_lengths: "16"
                max_validity_months: 60
                service_codes: ["201"]
                machines: [embosser-1]
              - code: \(customer.accessProduct)
                programme: access
                bins: ["8\(String(format: "%02d", customer.index % 100))"]
                pan_lengths: "12"
                machines: [laser-1]

            """
        try AtomicFileWriter.write(Array(text.utf8), to: folder + "/" + customer.id + ".yml", mode: 0o644)
    }
}

/// Where the requested faults go: per-record faults at distinct records, per-drop faults at distinct drops.
struct FaultPlan {
    var faults: [PlantedFault] = []

    init(request: FixtureGenerator.Request, customers: [SyntheticCustomer], random: inout SeededGenerator) throws {
        let dropName = { (c: SyntheticCustomer) in
            "drop-\(request.date.description.replacingOccurrences(of: "-", with: ""))-\(String(format: "%02d", c.index + 1))"
        }
        var takenRecords = Set<[Int]>()
        var takenDrops = Set<Int>()
        for kind in FixtureInjection.allCases {
            let count = request.injections[kind] ?? 0
            guard count > 0 else { continue }
            if kind.isPerRecord {
                let firstRecord = kind == .duplicateCard ? 2 : 1
                let possible = request.customers * max(0, request.cardsPerDrop - firstRecord + 1) - takenRecords.count
                guard count <= possible else { throw FixtureError.tooManyFaults(kind, requested: count, possible: max(0, possible)) }
                for _ in 0..<count {
                    var place: [Int]
                    repeat {
                        place = [Int.random(in: 0..<request.customers, using: &random),
                                 Int.random(in: firstRecord...request.cardsPerDrop, using: &random)]
                    } while takenRecords.contains(place)
                    takenRecords.insert(place)
                    faults.append(PlantedFault(customer: customers[place[0]].id, drop: dropName(customers[place[0]]),
                                               kind: kind, recordNumber: place[1], orderLine: nil))
                }
            } else {
                let free = customers.filter { !takenDrops.contains($0.index) }
                guard count <= free.count else { throw FixtureError.tooManyFaults(kind, requested: count, possible: free.count) }
                for customer in free.shuffled(using: &random).prefix(count) {
                    takenDrops.insert(customer.index)
                    faults.append(PlantedFault(customer: customer.id, drop: dropName(customer), kind: kind,
                                               recordNumber: nil, orderLine: kind == .quantityMismatch ? 1 : nil))
                }
            }
        }
        faults.sort { ($0.customer, $0.recordNumber ?? 0, $0.kind.rawValue) < ($1.customer, $1.recordNumber ?? 0, $1.kind.rawValue) }
    }
}
