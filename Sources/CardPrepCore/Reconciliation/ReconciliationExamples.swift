import Foundation

/// The order every rule's examples start from: line 1, three `DEBIT` cards for branch BR-01 (one card spoiled and
/// reprinted, one sample); line 2, two `ACCESS` cards for BR-02. Both delivered, the spoiled card destroyed before
/// three witnesses who signed the record with its executor, the stock issued and counted, checked on 2026-11-10.
public enum ReconciliationExamples {
    /// The day of the check.
    public static let now = time("2026-11-10T12:00:00Z")

    /// `text` (ISO 8601) as a time.
    public static func time(_ text: String) -> Date { CSVFields.time(text)! }

    static let address = PostalAddress(street: ["1 Main Street"], city: "Lyon", postalCode: "69001", country: "FR")

    /// The example order `ORD-1` under contract `CT-1`.
    public static let order = Order(
        id: "ORD-1", contractNumber: "CT-1", issueDate: CalendarDate(year: 2026, month: 11, day: 1)!,
        customer: Customer(id: "C-1", name: "Example Bank"),
        customerUnit: CustomerUnit(code: "HQ", name: "Head office", branches: [
            Branch(code: "BR-01", name: "North", address: address), Branch(code: "BR-02", name: "South", address: address),
        ]),
        lines: [
            OrderLine(number: 1, productCode: "DEBIT", cardType: .personalised, quantity: 3, branchCode: "BR-01"),
            OrderLine(number: 2, productCode: "ACCESS", cardType: .personalised, quantity: 2, branchCode: "BR-02"),
        ],
        delivery: Delivery(dueDate: CalendarDate(year: 2026, month: 11, day: 20)!, method: .expressCourier, priority: .standard,
                           address: address, contact: Contact(name: "A. Clerk", phone: "+33 1", email: "clerk@example.com")),
        packaging: Packaging(cardsPerBox: 250, carrier: "A4", sealing: .tamperEvidentBag),
        acceptance: AcceptanceTerms(inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.065")!, majorAQL: AQL("0.65")!,
                                    minorAQL: AQL("2.5")!))

    /// The example job manifest: one batch per line.
    public static let jobs = JobManifest(
        dropID: "d1", customer: "cust-01", orderID: "ORD-1", contract: "CT-1", created: "2026-11-02T08:00:00.000Z",
        jobs: [
            .init(id: "d1-J01", machine: "emb-1", station: .embosser, product: "DEBIT", layout: "l", file: "J01.age", sha256: "",
                  cards: 3, batches: [.init(id: "d1-J01-B001", branch: "BR-01", orderLines: [1], firstSequence: 1, cards: 3)]),
            .init(id: "d1-J02", machine: "enc-1", station: .chipEncoder, product: "ACCESS", layout: "l", file: "J02.age", sha256: "",
                  cards: 2, batches: [.init(id: "d1-J02-B001", branch: "BR-02", orderLines: [2], firstSequence: 1, cards: 2)]),
        ],
        lines: [.init(orderLine: 1, product: "DEBIT", branch: "BR-01", ordered: 3, accepted: 3, rejected: 0),
                .init(orderLine: 2, product: "ACCESS", branch: "BR-02", ordered: 2, accepted: 2, rejected: 0)])

    /// One production result of the example.
    public static func card(_ batch: String, _ sequence: Int, _ serial: String, _ status: ProductionResult.Status = .good,
                            at text: String = "2026-11-03T09:00:00Z") -> ProductionResult {
        ProductionResult(job: String(batch.prefix(6)), batch: batch, sequence: sequence, serial: serial, status: status,
                         reason: status == .spoiled ? "chip write failed" : "", station: "emb-1", operator: "op7", time: time(text))
    }

    /// A destruction record of `serials` with `witnesses` (default: one from each department).
    public static func destruction(_ id: String = "D-1", serials: String = "CS000002", quantity: Int = 1,
                                   witnesses: [DestructionRecord.Witness] = threeWitnesses) -> DestructionRecord {
        DestructionRecord(id: id, time: time("2026-11-05T16:00:00Z"), place: "Vault room", method: .shredding, product: "DEBIT",
                          quantity: quantity, serials: serials.split(separator: ";").compactMap { SerialRange(String($0)) },
                          witnesses: witnesses, cctv: "CAM2-20261105")
    }

    /// The signed record of the destruction `destruction()` reports: executed by `kim`, witnessed by `li`
    /// (production), `ana` (security) and `tom` (warehouse), unless `executor` or `witnesses` say otherwise.
    public static func signedDestruction(
        _ id: String = "D-1", serials: String = "CS000002", quantity: Int = 1, executor: SignedDestruction.Signer? = nil,
        witnesses: [SignedDestruction.Signer]? = nil
    ) -> SignedDestruction {
        SignedDestruction(
            id: id, time: time("2026-11-05T16:00:00Z"), place: "Vault room", method: .shredding, product: "DEBIT",
            quantity: quantity, serials: serials.split(separator: ";").compactMap { SerialRange(String($0)) },
            cctv: "CAM2-20261105", executor: executor ?? signers[0], witnesses: witnesses ?? Array(signers.dropFirst()))
    }

    /// The executor and the three witnesses of the signed example destruction.
    public static let signers: [SignedDestruction.Signer] = [
        .init(duty: "executor", person: "kim", department: .qa),
        .init(duty: "production-witness", person: "li", department: .production),
        .init(duty: "security-witness", person: "ana", department: .security),
        .init(duty: "warehouse-witness", person: "tom", department: .warehouse),
    ]

    /// One witness from each of production, security and warehouse, as the floor types them into `destruction.csv`.
    public static let threeWitnesses = [
        DestructionRecord.Witness(name: "Li Wei", department: "production"),
        DestructionRecord.Witness(name: "Ana Costa", department: "security"),
        DestructionRecord.Witness(name: "Tom Berg", department: "warehouse"),
    ]

    /// A stock movement of the example (headquarters, blank stock).
    public static func stock(_ product: String, _ kind: StockMovementKind, _ quantity: Int, reference: String = "ORD-1") -> StockMovement {
        StockMovement(time: time("2026-11-02T07:00:00Z"), account: StockAccountKey(location: "HQ", product: product, stockClass: .blank),
                      kind: kind, quantity: quantity, reference: reference)
    }

    /// A shipment line of the example.
    public static func shipment(_ id: String, _ branch: String, _ product: String, cards: Int, batches: [String]) -> ShipmentLine {
        ShipmentLine(shipment: id, contract: "CT-1", branch: branch, boxes: 1, product: product, cards: cards, batches: batches,
                     carrier: .expressCourier, tracking: "TRK-" + id, dispatched: time("2026-11-06T10:00:00Z"))
    }

    /// The clean example: every rule passes it.
    public static let clean = ReconciliationInput(
        order: order, jobs: jobs,
        production: [
            card("d1-J01-B001", 1, "CS000001"), card("d1-J01-B001", 2, "CS000002", .spoiled), card("d1-J01-B001", 2, "CS000003"),
            card("d1-J01-B001", 3, "CS000004"), card("d1-J01-B001", 0, "CS000005", .sample),
            card("d1-J02-B001", 1, "AC000001"), card("d1-J02-B001", 2, "AC000002"),
        ],
        shipments: [shipment("S-1", "BR-01", "DEBIT", cards: 3, batches: ["d1-J01-B001"]),
                    shipment("S-2", "BR-02", "ACCESS", cards: 2, batches: ["d1-J02-B001"])],
        destructions: [destruction()],
        signedDestructions: [signedDestruction()],
        stock: [stock("DEBIT", .received, 10, reference: "DN-1"), stock("DEBIT", .issued, 6), stock("DEBIT", .returned, 1),
                stock("ACCESS", .received, 5, reference: "DN-2"), stock("ACCESS", .issued, 2),
                stock("DEBIT", .inventory, 5, reference: "INV-1"), stock("ACCESS", .spotCheck, 3, reference: "SC-1")],
        now: now)
}
