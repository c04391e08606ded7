import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes one synthetic drop folder: order, encrypted card data, signature, and the manifest last.
struct SyntheticDropWriter {
    let request: FixtureGenerator.Request
    let customer: SyntheticCustomer
    let dropName: String
    let faults: [PlantedFault]
    var random: SeededGenerator

    init(request: FixtureGenerator.Request, customer: SyntheticCustomer, dropName: String, faults: [PlantedFault], seed: UInt64) {
        self.request = request; self.customer = customer; self.dropName = dropName; self.faults = faults
        self.random = SeededGenerator(seed: seed)
    }

    private func has(_ kind: FixtureInjection) -> Bool { faults.contains { $0.kind == kind } }
    private func recordFault(_ record: Int) -> FixtureInjection? { faults.first { $0.recordNumber == record }?.kind }

    mutating func write() throws -> FixtureGenerator.GeneratedDrop {
        let folder = request.outputFolder + "/" + customer.id + "/" + dropName
        guard !FileManager.default.fileExists(atPath: folder) else { throw FixtureError.exists(folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let order = makeOrder()
        let orderFile = "order-\(order.id).xml"
        var xml = Array(OrderXMLWriter().render(order).utf8)
        if has(.malformedXML) { xml = Array(xml.prefix(xml.count / 2)) }
        try AtomicFileWriter.write(xml, to: folder + "/" + orderFile, mode: 0o644)
        let cardFile = "cards-\(order.id).csv.age"
        try writeCards(order: order, to: folder + "/" + cardFile)
        let manifest = DropManifest(entries: try [orderFile, cardFile].map {
            DropManifest.Entry(name: $0, sha256: try FileDigest.sha256(path: folder + "/" + $0))
        })
        let manifestBytes = Array(manifest.text.utf8)
        if let key = request.signingKey {
            var message = MemoryByteSource(manifestBytes)
            let signature = try SSHSignature.sign(&message, namespace: "cardprep-drop", with: key)
            try AtomicFileWriter.write(Array(signature.utf8), to: folder + "/" + DropManifest.signatureFileName, mode: 0o644)
        }
        try AtomicFileWriter.write(manifestBytes, to: folder + "/" + DropManifest.fileName, mode: 0o644)
        return .init(customer: customer.id, drop: dropName, path: folder, orderID: order.id, cards: request.cardsPerDrop)
    }

    /// The order: debit and access cards for headquarters and one branch, the cards spread evenly over the lines.
    private func makeOrder() -> Order {
        let specs: [(String, String, HolderType?)] = [
            (customer.debitProduct, "HQ", nil), (customer.debitProduct, "BR01", nil),
            (customer.accessProduct, "HQ", .owner), (customer.accessProduct, "BR01", .tenant),
        ]
        var lines: [OrderLine] = []
        for (index, spec) in specs.enumerated() {
            let quantity = request.cardsPerDrop / 4 + (index < request.cardsPerDrop % 4 ? 1 : 0)
            guard quantity > 0 else { continue }
            lines.append(OrderLine(number: lines.count + 1, productCode: spec.0, cardType: .personalised,
                                   quantity: quantity, branchCode: spec.1, holderType: spec.2))
        }
        if has(.quantityMismatch), !lines.isEmpty { lines[0].quantity += 1 }
        let id = "ORD-\(request.date.description.replacingOccurrences(of: "-", with: ""))-\(String(format: "%02d", customer.index + 1))"
        let hq = customer.branches[0]
        return Order(
            id: id, contractNumber: customer.contract, issueDate: request.date,
            customer: Customer(id: customer.id, name: customer.name),
            customerUnit: CustomerUnit(code: "HQ", name: customer.name, branches: customer.branches),
            lines: lines,
            delivery: Delivery(
                dueDate: request.date.adding(days: 14), method: DeliveryMethod.allCases[customer.index % 3],
                priority: .standard, address: hq.address,
                contact: Contact(name: "Card Services", phone: "+44 20 7946 0\(String(format: "%03d", customer.index))",
                                 email: "cards@\(customer.id).example")),
            packaging: Packaging(cardsPerBox: 500, carrier: "C5-window-mailer", sealing: .tamperEvidentBag),
            acceptance: AcceptanceTerms(inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.065")!,
                                        majorAQL: AQL("0.65")!, minorAQL: AQL("2.5")!))
    }

    /// Streams the card data through age into `path`: plaintext exists only in memory, 64 KiB at a time.
    private mutating func writeCards(order: Order, to path: String) throws {
        let output = try AtomicFileWriter(path: path, mode: 0o644, overwrite: false)
        let recipients: [any AgeRecipient] = has(.wrongRecipient) ? [AgeX25519Identity.generate().recipient] : request.recipients
        let sink = try AgeEncryptingSink(wrapping: output, recipients: recipients, armored: false)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(80 * 1024)
        func emit(_ line: String) throws {
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0a)
            if buffer.count >= 64 * 1024 { try sink.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try emit(CardDataFile.header(customer: customer.id, drop: dropName, orderID: order.id, created: request.date.description))
        var total = HashTotal()
        var recent: [String] = []
        var recordNumber = 0
        for line in order.lines {
            let sent = line.quantity - (has(.quantityMismatch) && line.number == 1 ? 1 : 0)
            for _ in 0..<sent {
                recordNumber += 1
                var record = makeRecord(recordNumber, line: line)
                switch recordFault(recordNumber) {
                case .badLuhn?:
                    let last = record.cardNumber.last!.wholeNumberValue!
                    record.cardNumber = String(record.cardNumber.dropLast()) + String((last + 1) % 10)
                case .duplicateCard?: record.cardNumber = recent.last ?? record.cardNumber
                case .expiredCard?:
                    if record.expiry.isEmpty {
                        record.validFrom = request.date.adding(months: -13).description
                        record.validUntil = request.date.adding(months: -1).description
                    } else {
                        record.expiry = request.date.adding(months: -2).yymm
                    }
                default: break
                }
                recent = [record.cardNumber]
                total.add(record.cardNumber)
                try emit(record.line)
            }
        }
        try emit(CardDataFile.trailer(count: recordNumber + (has(.trailerCount) ? 1 : 0), hashTotal: total))
        if !buffer.isEmpty { try sink.write(buffer) }
        _ = try sink.finish()
        try output.commit()
        if has(.truncatedFile) {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard truncate(path, off_t(size * 3 / 5)) == 0 else { throw ByteStreamError.write(path: path, errno: errno) }
        }
    }

    private mutating func makeRecord(_ number: Int, line: OrderLine) -> CardDataRecord {
        let name = SyntheticCustomer.givenNames.randomElement(using: &random)! + " "
            + SyntheticCustomer.familyNames.randomElement(using: &random)!
        let offset = request.seed % 1_000_000_007
        if line.holderType == nil {
            let account = (UInt64(number) &* 7_654_321 &+ offset) % 1_000_000_000
            let payload = customer.bin + String(format: "%09llu", account)
            return CardDataRecord(
                recordNumber: number, orderLine: line.number, productCode: line.productCode, branchCode: line.branchCode,
                cardNumber: payload + String(CardNumber.luhnCheckDigit(for: payload)),
                expiry: request.date.adding(months: 36).yymm, cardholderName: name, serviceCode: "201", holderType: "",
                validFrom: "", validUntil: "")
        }
        let account = (UInt64(number) &* 3_456_789 &+ offset) % 100_000_000
        let payload = "8" + String(format: "%02d", customer.index % 100) + String(format: "%08llu", account)
        let months = line.holderType == .owner ? 24 : 12
        return CardDataRecord(
            recordNumber: number, orderLine: line.number, productCode: line.productCode, branchCode: line.branchCode,
            cardNumber: payload + String(CardNumber.luhnCheckDigit(for: payload)), expiry: "", cardholderName: name,
            serviceCode: "", holderType: line.holderType!.rawValue, validFrom: request.date.description,
            validUntil: request.date.adding(months: months).description)
    }
}
