import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

@testable import CardPrepStages

/// A drop of hand-made records at and past the limits of every kind of machine, put in place of an
/// ``IngestFixture``'s generated drop: its own machines (an embosser that encodes the chip, one that does not, a
/// chip encoder, a laser engraver for any script and one for ISO 7811 only), a customer profile whose four
/// products go to them, an order with a branch whose street line is too long for a carrier, and the card data.
struct LimitDrop {
    /// The products, each going to one kind of machine.
    enum Product: String, CaseIterable {
        /// Debit cards embossed with stripe and chip on `embosser-1` and encoded again on `chip-encoder-1`.
        case chipDebit = "LIM-CHIP"
        /// Debit cards embossed with a stripe on `embosser-2`.
        case stripeDebit = "LIM-STRIPE"
        /// Access cards laser-engraved in any script on `laser-1`.
        case accessAnyScript = "LIM-ACCESS"
        /// Access cards laser-engraved in ISO 7811 characters on `laser-2`.
        case accessLatin = "LIM-LATIN"

        var machines: [String] {
            switch self {
            case .chipDebit: ["embosser-1", "chip-encoder-1"]
            case .stripeDebit: ["embosser-2"]
            case .accessAnyScript: ["laser-1"]
            case .accessLatin: ["laser-2"]
            }
        }

        var isBank: Bool { self == .chipDebit || self == .stripeDebit }
        var bin: String {
            switch self {
            case .chipDebit: "4"
            case .stripeDebit: "5"
            case .accessAnyScript: "8"
            case .accessLatin: "7"
            }
        }
    }

    /// One record and what validation must make of it.
    struct Case {
        var note: String
        var product: Product
        var branch = "HQ"
        var name = "JANE DOE"
        var digits = 16
        /// The record's expiry; nil for the usual one (three years ahead for bank cards, none for access cards).
        var expiry: String?
        var serviceCode: String?
        /// The reason code validation must reject the record with, or nil when it must be produced.
        var rejectedFor: ReasonCode?
        /// Whether the card number is sent in groups of four separated by spaces.
        var spacedNumber = false
        /// The name in parts (surname, given names), sent in card data format version 2.
        var nameParts: (surname: String, given: String)?
        /// The cardholder's own address, sent in card data format version 2.
        var address: PostalAddress?
    }

    /// The machines' profiles, as written to the fixture's machines folder.
    static let machines: [String: String] = [
        "embosser-1": "station: embosser\nlayout: emboss-text\ncharacter_set: iso7811\nencodes_chip: true\ncarrier_printer: true",
        "embosser-2": "station: embosser\nlayout: emboss-text\ncharacter_set: iso7811\ncarrier_printer: true",
        "chip-encoder-1": "station: chip-encoder\nlayout: chip-tlv",
        "laser-1": "station: laser-engraver\nlayout: laser-csv\ncharacter_set: unicode\ntray_size: 250\ncarrier_printer: true",
        "laser-2": "station: laser-engraver\nlayout: laser-csv\ncharacter_set: iso7811",
    ]
    static let stationRecipient = "age1zkyu64790k6uh3zm8raemzujdykst0cwajpj6ek7clhhseg7996q7nv4pr"

    let records: [CardDataRecord]
    let cases: [Case]

    /// Writes the machines and the profile, and replaces the fixture's first generated drop in the inbox with
    /// an order and card data made of `cases`, signed anew.
    /// - Parameter formatVersion: the card data format version the file is written in and the profile names.
    init(_ cases: [Case], in fixture: IngestFixture, today: CalendarDate, formatVersion: Int = 1) throws {
        self.cases = cases
        let machinesFolder = fixture.root + "/machines"
        try FileManager.default.createDirectory(atPath: machinesFolder, withIntermediateDirectories: true)
        for (id, text) in Self.machines {
            try "machine: \(id)\n\(text)\nrecipients: [\"\(Self.stationRecipient)\"]\n"
                .write(toFile: machinesFolder + "/" + id + ".yml", atomically: true, encoding: .utf8)
        }
        let pipelineFile = fixture.root + "/pipeline.yml"
        try String(contentsOfFile: pipelineFile, encoding: .utf8)
            .replacingOccurrences(
                of: "machines: \(IngestFixture.packageRoot)/Pipelines/machines", with: "machines: \(machinesFolder)"
            )
            .write(toFile: pipelineFile, atomically: true, encoding: .utf8)
        fixture.pipeline = try PipelineDefinition.load(path: pipelineFile)
        let drop = fixture.generated.drops[0]
        try Self.profile(customer: drop.customer, key: fixture.customerKey, formatVersion: formatVersion)
            .write(toFile: fixture.root + "/customers/" + drop.customer + ".yml", atomically: true, encoding: .utf8)

        var lines: [OrderLine] = []
        var records: [CardDataRecord] = []
        for (index, item) in cases.enumerated() {
            let lineNumber: Int
            if let line = lines.first(where: { $0.productCode == item.product.rawValue && $0.branchCode == item.branch }) {
                lineNumber = line.number
                lines[line.number - 1].quantity += 1
            } else {
                lineNumber = lines.count + 1
                lines.append(
                    OrderLine(
                        number: lineNumber, productCode: item.product.rawValue, cardType: .personalised, quantity: 1,
                        branchCode: item.branch, holderType: item.product.isBank ? nil : .owner))
            }
            // The product's BIN, zeros, and the case's index: `digits` digits with the Luhn check digit.
            let number = item.product.bin + String(repeating: "0", count: item.digits - 5) + String(format: "%03d", index)
            let bank = item.product.isBank
            var record =
                CardDataRecord(
                    recordNumber: index + 1, orderLine: lineNumber, productCode: item.product.rawValue, branchCode: item.branch,
                    cardNumber: number + String(CardNumber.luhnCheckDigit(for: number)),
                    expiry: item.expiry ?? (bank ? today.adding(months: 36).yymm : ""), cardholderName: item.name,
                    serviceCode: item.serviceCode ?? (bank ? "201" : ""), holderType: bank ? "" : "owner",
                    validFrom: bank ? "" : today.description, validUntil: bank ? "" : today.adding(months: 12).description)
            if item.spacedNumber {
                let digits = Array(record.cardNumber)
                record.cardNumber = stride(from: 0, to: digits.count, by: 4)
                    .map { String(digits[$0..<Swift.min($0 + 4, digits.count)]) }.joined(separator: " ")
            }
            if let parts = item.nameParts {
                record.nameParts = CardholderName(given: parts.given, family: parts.surname)
                record.cardholderName = ""
            }
            record.address = item.address
            records.append(record)
        }
        self.records = records
        let order = Self.order(id: drop.orderID, customer: drop.customer, lines: lines, date: today)
        let folder = fixture.inboxPath(drop)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) {
            try FileManager.default.removeItem(atPath: folder + "/" + file)
        }
        try Array(OrderXMLWriter().render(order).utf8).write(to: folder + "/order-\(order.id).xml")
        var total = HashTotal()
        for record in records { total.add(record.cardNumber) }
        let text =
            ([CardDataFile.header(customer: drop.customer, drop: drop.drop, orderID: order.id, created: today.description)
                .replacingOccurrences(of: "|CARDPREP-CARDS|1|", with: "|CARDPREP-CARDS|\(formatVersion)|")]
            + records.map { formatVersion == 2 ? $0.lineV2 : $0.line }
            + [CardDataFile.trailer(count: records.count, hashTotal: total)]).joined(separator: "\n") + "\n"
        let output = try AtomicFileWriter(path: folder + "/cards-\(order.id).csv.age", mode: 0o644)
        let sink = try AgeEncryptingSink(
            wrapping: output, recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)],
            armored: false)
        try sink.write(Array(text.utf8))
        _ = try sink.finish()
        try output.commit()
        try fixture.reseal(folder)
    }

    /// The customer's profile: the four products on their machines; long names left to the machines' limits;
    /// rejected records never quarantine the drop.
    static func profile(customer: String, key: SSHEd25519SigningKey, formatVersion: Int = 1) -> String {
        var text = """
            customer: \(customer)
            name: Limits Bank
            signers:
              - "\(key.publicKey.authorizedKeyLine(comment: customer))"
            card_data:
              encoding: utf8
              version: \(formatVersion)
              name_max_length: 80
              long_names: abbreviate
              max_rejected_share: 1
            products:

            """
        for product in Product.allCases {
            text += """
                  - code: \(product.rawValue)
                    programme: \(product.isBank ? "bank" : "access")
                    bins: ["\(product.bin)"]
                    pan_lengths: "12-19"
                \(product.isBank ? "    service_codes: [\"201\"]\n" : "")    machines: [\(product.machines.joined(separator: ", "))]

                """
        }
        return text
    }

    /// An order for `lines`, from headquarters and two branches; BR02's street line has 41 characters, one more
    /// than a carrier line holds.
    static func order(id: String, customer: String, lines: [OrderLine], date: CalendarDate) -> Order {
        func address(_ street: String) -> PostalAddress {
            PostalAddress(street: [street], city: "Northport", postalCode: "10000", country: "GB")
        }
        let branches = [
            Branch(code: "HQ", name: "Headquarters", address: address("1 Harbour Road")),
            Branch(code: "BR01", name: "West Branch", address: address("Unit 14 Riverside Industrial Estate West")),
            Branch(code: "BR02", name: "North Branch", address: address("Unit 14 Riverside Industrial Estate North")),
        ]
        return Order(
            id: id, contractNumber: "CT-2026-0001", issueDate: date, customer: Customer(id: customer, name: "Limits Bank"),
            customerUnit: CustomerUnit(code: "HQ", name: "Limits Bank", branches: branches), lines: lines,
            delivery: Delivery(
                dueDate: date.adding(days: 14), method: DeliveryMethod.allCases[0], priority: .standard,
                address: branches[0].address,
                contact: Contact(name: "Card Services", phone: "+44 20 7946 0000", email: "cards@limits.example")),
            packaging: Packaging(cardsPerBox: 500, carrier: "C5-window-mailer", sealing: .tamperEvidentBag),
            acceptance: AcceptanceTerms(
                inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.065")!, majorAQL: AQL("0.65")!,
                minorAQL: AQL("2.5")!))
    }
}

extension Array where Element == UInt8 {
    fileprivate func write(to path: String) throws { try AtomicFileWriter.write(self, to: path, mode: 0o644) }
}
