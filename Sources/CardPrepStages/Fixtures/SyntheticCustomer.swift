import CardPrepCore

/// A made-up customer of the bureau, with its products and branches, for generated drops.
struct SyntheticCustomer {
    let index: Int
    var id: String { String(format: "cust-%02d", index + 1) }
    var name: String { Self.names[index % Self.names.count] + (index >= Self.names.count ? " \(index / Self.names.count + 1)" : "") }
    /// The six-digit issuer identification number of the customer's debit card.
    var bin: String { String(format: "4%05d", (index * 7919 + 10_000) % 100_000) }
    var debitProduct: String { String(format: "C%02d-DEBIT", index + 1) }
    var accessProduct: String { String(format: "C%02d-ACCESS", index + 1) }
    var contract: String { String(format: "CT-2026-%04d", index + 1) }

    var branches: [Branch] {
        [
            Branch(code: "HQ", name: "\(name) Headquarters", address: address(street: "\(index + 1) Harbour Road", city: "Northport")),
            Branch(code: "BR01", name: "\(name) East Branch", address: address(street: "\(index + 20) Station Street", city: "Eastfield")),
        ]
    }

    func address(street: String, city: String) -> PostalAddress {
        PostalAddress(street: [street], city: city, postalCode: String(format: "%05d", 10_000 + index * 13), country: "GB")
    }

    static let names = [
        "Northwind Bank", "Harbour Property Management", "Metro Transit Authority", "Lakeside Credit Union",
        "Summit Savings", "Riverside Estates", "Crescent Mutual", "Pioneer Transit",
    ]
    static let givenNames = [
        "JOHN", "MARY", "JOSÉ", "ZOË", "LI", "AMIR", "SIOBHÁN", "MARIA-FERNANDA", "JEAN-LUC", "ANNA", "PETER", "YUKI",
        "OLUWASEUN", "SØREN", "CHLOÉ", "DMITRI",
    ]
    static let familyNames = [
        "SMITH", "O'BRIEN", "MÜLLER", "NGUYEN", "GARCÍA", "VILLANUEVA-RODRIGUEZ", "WANG", "KOWALSKI", "DUBOIS",
        "MACDONALD", "ABERNATHY-WORTHINGTON", "LEE", "ÅSTRÖM", "PATEL", "CHEN", "ROSSI",
    ]
}
