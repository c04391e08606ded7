/// A cardholder's own address (card data format version 2, where the carrier goes instead of the branch) has a street
/// line and a city, and its country, when sent, is an ISO 3166-1 alpha-2 code. Whether it fits the carrier is
/// ``CarrierAddressRule``'s business.
public struct CardholderAddressRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "cardholder-address" }
    public var summary: String {
        "A cardholder's own address has a street line and a city, and a two-letter ISO 3166-1 country code when it has one."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.withAddress(RuleExamples.bank(), street: ["7 Quay Lane"]), "a street, a postal code and a city"),
            .passes(RuleExamples.bank(), "no address of its own: the carrier goes to the branch"),
            .fails(RuleExamples.withAddress(RuleExamples.bank(), street: []), .cardholderAddress, note: "no street line"),
            .fails(RuleExamples.withAddress(RuleExamples.bank(), street: ["7 Quay Lane"], city: ""), .cardholderAddress,
                   note: "no city"),
            .fails(
                {
                    var record = RuleExamples.withAddress(RuleExamples.bank(), street: ["7 Quay Lane"])
                    record.address?.country = "GBR"
                    return record
                }(), .cardholderAddress, note: "a three-letter country code"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let address = record.address else { return }
        if address.street.isEmpty {
            return findings.append(finding(.cardholderAddress, record, field: .addressLine1, "the cardholder's address has no street line"))
        }
        if address.city.isEmpty {
            return findings.append(finding(.cardholderAddress, record, field: .city, "the cardholder's address has no city"))
        }
        let country = address.country
        if !country.isEmpty, !(country.utf8.count == 2 && country.utf8.allSatisfy { (0x41...0x5A).contains($0) }) {
            return findings.append(finding(.cardholderAddress, record, field: .country,
                                           "the country '\(country)' is not a two-letter ISO 3166-1 code in capitals, such as GB"))
        }
    }
}
