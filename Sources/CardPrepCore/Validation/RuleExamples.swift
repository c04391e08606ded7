/// The setting every rule's examples are checked in: a bank product `DEBIT` (BINs 411111 and
/// 52000000–52999999, 16 digits, up to 60 months, service codes 101 and 201) and an access product
/// `ACCESS` (card numbers starting with 8, 12 digits), validated on 2025-06-15 against an order with
/// four lines.
public enum RuleExamples {
    /// The day the examples are validated on.
    public static let today = CalendarDate(year: 2025, month: 6, day: 15)!

    /// The example contract.
    public static let contract = CardDataContract(products: [
        ProductRule(code: "DEBIT", programme: .bank, binRanges: [.prefix("411111"), .range(low: "52000000", high: "52999999")],
                    panLengths: 16...16, maxValidityMonths: 60, serviceCodes: ["101", "201"]),
        ProductRule(code: "ACCESS", programme: .access, binRanges: [.prefix("8")], panLengths: 12...12),
        {
            var rule = ProductRule(code: "DEBIT-6M", programme: .bank, binRanges: [.prefix("411111")], panLengths: 16...16)
            rule.minRemainingValidityMonths = 6
            return rule
        }(),
    ], names: NameRules(maxLength: 26, longNamePolicy: .reject))

    /// The example order's lines: 1 debit cards, 2 owners' and 3 tenants' access cards, 4 merchants'
    /// access cards valid 18 months by the order's word.
    public static let orderLines = [
        OrderLine(number: 1, productCode: "DEBIT", cardType: .personalised, quantity: 2, branchCode: "HQ"),
        OrderLine(number: 2, productCode: "ACCESS", cardType: .personalised, quantity: 1, branchCode: "HQ", holderType: .owner),
        OrderLine(number: 3, productCode: "ACCESS", cardType: .personalised, quantity: 1, branchCode: "BR01", holderType: .tenant),
        OrderLine(number: 4, productCode: "ACCESS", cardType: .personalised, quantity: 1, branchCode: "BR01",
                  holderType: .merchant, validityMonths: 18),
    ]

    /// The example machines and carriers. Debit cards go to an embosser that also encodes the stripe and the chip,
    /// with a number line of 19 characters and twelve digits of track 2 discretionary data, and to a chip encoder;
    /// access cards go to a laser engraver that writes names in any script. The embosser and the laser print carriers
    /// (the chip encoder does not), with lines of 40 characters;
    /// branch BR02's street line has 41, BR03's 40.
    public static let production = ProductionTargets(
        machinesByProduct: [
            "DEBIT": [
                .init(id: "embosser-1", settings: PersonalisationSettings(
                    emboss: EmbossLayout(numberLineMaximumLength: 19), magneticStripe: true,
                    track2DiscretionaryData: "000000000000", chip: ChipSettings(), printsCarriers: true)),
                .init(id: "chip-encoder-1", settings: PersonalisationSettings(chip: ChipSettings())),
            ],
            "DEBIT-CHIP": chipProductMachines,
            "ACCESS": [
                .init(id: "laser-1", settings: PersonalisationSettings(
                    emboss: EmbossLayout(laserEngravesUnicodeNames: true), printsCarriers: true))
            ],
        ],
        carrierAddresses: [
            "HQ": PostalAddress(street: ["1 Harbour Road"], city: "Northport", postalCode: "10000", country: "GB"),
            "BR01": PostalAddress(street: ["20 Station Street"], city: "Eastfield", postalCode: "10013", country: "GB"),
            "BR02": PostalAddress(street: ["Unit 14 Riverside Industrial Estate North"], city: "Eastfield", postalCode: "10013",
                                  country: "GB"),
            "BR03": PostalAddress(street: ["Unit 14 Riverside Industrial Estate West"], city: "Eastfield", postalCode: "10013",
                                  country: "GB"),
        ])

    /// `record` with the cardholder's own address (card data format version 2) in Northport, GB.
    public static func withAddress(_ record: CardDataRecord, street: [String], city: String = "Northport") -> CardDataRecord {
        var record = record
        record.address = PostalAddress(street: street, city: city, postalCode: "10001", country: "GB")
        return record
    }

    /// `record` with its name in parts, as card data format version 2 sends it.
    public static func withNameParts(
        _ record: CardDataRecord, surname: String, given: String, title: String = "", order: NameOrder = .givenFirst
    ) -> CardDataRecord {
        var record = record
        var parts = CardholderName(given: given, family: surname)
        parts.title = title
        parts.order = order
        record.nameParts = parts
        record.cardholderName = parts.fullName
        return record
    }

    /// A fresh context for one example.
    public static func context() -> RuleContext {
        RuleContext(contract: contract, today: today, orderLines: orderLines, production: production)
    }

    /// `payload` followed by its Luhn check digit.
    public static func luhnComplete(_ payload: String) -> String { payload + String(CardNumber.luhnCheckDigit(for: payload)) }

    /// A well-formed debit card record on order line 1.
    public static func bank(
        _ cardNumber: String = luhnComplete("411111000000123"), expiry: String = "2806", name: String = "JANE DOE",
        serviceCode: String = "201", product: String = "DEBIT", orderLine: Int = 1, branch: String = "HQ"
    ) -> CardDataRecord {
        CardDataRecord(recordNumber: 1, orderLine: orderLine, productCode: product, branchCode: branch,
                       cardNumber: cardNumber, expiry: expiry, cardholderName: name, serviceCode: serviceCode,
                       holderType: "", validFrom: "", validUntil: "")
    }

    /// A well-formed access card record for an owner on order line 2.
    public static func access(
        _ cardNumber: String = luhnComplete("80100000012"), holderType: String = "owner",
        from: String = "2025-06-15", until: String = "2027-06-15", orderLine: Int = 2, branch: String = "HQ",
        name: String = "WANG FANG", expiry: String = ""
    ) -> CardDataRecord {
        CardDataRecord(recordNumber: 1, orderLine: orderLine, productCode: "ACCESS", branchCode: branch,
                       cardNumber: cardNumber, expiry: expiry, cardholderName: name, serviceCode: "",
                       holderType: holderType, validFrom: from, validUntil: until)
    }
}
