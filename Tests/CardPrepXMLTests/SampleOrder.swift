import CardPrepCore

/// The model that `Fixtures/orders/sample-order.xml` holds.
enum SampleOrder {
    static let expected = Order(
        id: "ORD-2025-0142", contractNumber: "CT-7731", issueDate: CalendarDate("2025-03-14")!,
        customer: Customer(id: "C-0042", name: "Banque du Rhône & Cie"),
        customerUnit: CustomerUnit(
            code: "HQ-LYON", name: "Siège Lyon",
            branches: [
                Branch(code: "BR-01", name: "Agence Part-Dieu", address: partDieu),
                Branch(
                    code: "BR-02", name: "Résidence Les Terrasses",
                    address: PostalAddress(
                        street: ["Bâtiment B", "4 quai Perrache"], city: "Lyon", postalCode: "69002", country: "FR")),
            ]),
        lines: [
            OrderLine(number: 1, productCode: "VISA-CLASSIC-EMV", cardType: .personalised, quantity: 500, branchCode: "BR-01"),
            OrderLine(number: 2, productCode: "MC-DEBIT-EMV", cardType: .personalised, quantity: 250, branchCode: "BR-01"),
            OrderLine(
                number: 3, productCode: "ACCESS-MIFARE-DF", cardType: .prefabricated, quantity: 1200, branchCode: "BR-02",
                holderType: .tenant, validityMonths: 24),
        ],
        delivery: Delivery(
            dueDate: CalendarDate("2025-04-01")!, method: .expressCourier, priority: .urgent, address: partDieu,
            contact: Contact(name: "Claire Martin", phone: "+33 4 72 00 00 00", email: "claire.martin@example.com")),
        packaging: Packaging(cardsPerBox: 250, carrier: "CARRIER-A4-02", sealing: .tamperEvidentBag),
        acceptance: AcceptanceTerms(
            inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.065")!,
            majorAQL: AQL("0.65")!, minorAQL: AQL("2.5")!,
            reducedInspectionAllowed: true))

    static let partDieu = PostalAddress(street: ["12 rue Garibaldi"], city: "Lyon", postalCode: "69003", country: "FR")
}
