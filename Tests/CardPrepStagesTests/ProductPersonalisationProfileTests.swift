import CardPrepCore
import CardPrepCrypto
import Foundation
import Testing

@testable import CardPrepStages

/// A product's `card_values` and `chip` blocks in a customer profile, read, and refused with their line.
@Suite struct ProductPersonalisationProfileTests {
    static let head = """
        customer: cust-09
        card_data:
          additional_fields: [pan_sequence_number, pvki, pvv, chip_data]
        products:
          - code: C09-DEBIT
            programme: bank
            machines: [embosser-1]

        """

    static func load(_ product: String) throws -> CustomerProfile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/cust-09.yml"
        try (head + product).write(toFile: path, atomically: true, encoding: .utf8)
        return try CustomerProfile.load(path: path)
    }

    @Test func theBlocksBecomeTheProductsSettings() throws {
        let profile = try Self.load("""
                card_values:
                  key: "pkcs11:token=cardprep;object=cvk-c09"
                  track2_discretionary: "{pvki}{pvv}{cvv1}00000"
                  chip_track2_discretionary: "{pvki}{pvv}{icvv}00000"
                  print_cvv2: true
                chip:
                  issuer_country: "826"
                  currency: "978"
                  effective_date: months-before-expiry:36
                  pan_sequence_number: 1
                  application_label: C09 DEBIT
                  tags: {"9F08": "0096"}
                  records:
                    - {sfi: 1, record: 1, tags: ["57", "5F20"]}
                  select_response: ["50"]
            """)
        let product = try #require(profile.personalisationByProduct["C09-DEBIT"])
        #expect(product.cardValues?.computedFields == [.cvv1, .icvv, .cvv2])
        #expect(product.cardValues?.issuerFields == [.pvki, .pvv])
        #expect(product.chip?.currencyCode == "978")
        #expect(product.chip?.effectiveDateRule == .monthsBeforeExpiry(36))
        #expect(product.chip?.panSequenceNumber == 1)
        #expect(product.chip?.constantObjects.map(\.tag.description) == ["9F08"])
        #expect(product.chip?.records?.records.first?.tags.map(\.description) == ["57", "5F20"])
        #expect(profile.cardVerificationKeys["C09-DEBIT"]?.description == "pkcs11:token=cardprep;object=cvk-c09")
        #expect(profile.contract.layout.detail[.chipData] == 15)
    }

    @Test(arguments: [
        ("card_values:\n      track2_discretionary: \"{cvv1}\"\n", 9, "needs the issuer's card verification key"),
        ("card_values:\n      source: issuer\n      track2_discretionary: \"{cvv3}\"\n", 10, "{cvv3} is not one of"),
        ("card_values:\n      source: issuer\n      track2_discretionary: \"{cvv1}AB\"\n", 10, "is not digits"),
        ("chip:\n      effective_date: next-month\n", 9, "is not production-day"),
        ("chip:\n      tags: {\"5A\": \"41\"}\n", 9, "tag 5A is written from the card's fields"),
        ("chip:\n      records:\n        - {sfi: 31, record: 1, tags: [\"57\"]}\n", 10, "must be 1 to 30"),
        ("chip:\n      application_label: A LABEL OF SEVENTEEN\n", 9, "application label"),
    ])
    func mistakesAreNamedWithTheirLine(_ block: String, _ line: Int, _ reason: String) throws {
        #expect {
            _ = try Self.load("    " + block)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == line && error.reason.contains(reason)
        }
    }
}
