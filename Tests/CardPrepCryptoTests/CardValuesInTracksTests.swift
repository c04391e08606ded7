import CardPrepCore
import CardPrepCrypto
import Testing

/// A card's stripe and chip with the values the token computes, read back field by field.
extension TokenTests {
    @Suite struct CardValuesInTracksTests {
        @Test func track2CarriesCVV1AndTag57CarriesICVV() throws {
            let settings = try SoftHSMTestToken.settings()
            let uri = try SoftHSMTestToken.newURI("cvk-tracks")
            let key = try TokenCardVerificationKey.importing(
                value: CardVerificationValueTests.publishedKey, as: uri, settings: settings
            ).key
            let cardValues = CardValueSettings(
                source: .computed, track2: try DiscretionaryTemplate("{pvki}{pvv}{cvv1}0"),
                chipTrack2: try DiscretionaryTemplate("{pvki}{pvv}{icvv}0"))
            let personalisation = PersonalisationSettings(magneticStripe: true, chip: ChipSettings())
                .applying(ProductPersonalisation(cardValues: cardValues), production: CalendarDate(year: 2026, month: 11, day: 2)!)
            var record = CardDataRecord(
                recordNumber: 1, orderLine: 1, productCode: "DEBIT", branchCode: "HQ", cardNumber: "4123456789012345",
                expiry: "8701", cardholderName: "JANE DOE", serviceCode: "101", holderType: "", validFrom: "", validUntil: "")
            record.issuerValues = [.pvki: "1", .pvv: "4821"]
            let values = try cardValues.values(of: record, key: key)
            let made = try PersonalisationRecord.make(from: record, settings: personalisation, carrier: nil, values: values)

            // Track 2: ; PAN = YYMM service-code PVKI PVV CVV1 fill ? LRC, with CVV1 561 (the published example).
            let track2 = try #require(made.track2)
            let fields = track2.data.split(separator: "=")
            #expect(fields.count == 2)
            #expect(fields[0] == "4123456789012345")
            let rest = Array(fields[1])
            #expect(String(rest[0..<4]) == "8701")
            #expect(String(rest[4..<7]) == "101")
            #expect(String(rest[7..<8]) == "1")
            #expect(String(rest[8..<12]) == "4821")
            #expect(String(rest[12..<15]) == "561")
            #expect(String(rest[15...]) == "0")
            #expect(track2.characters.hasPrefix(";") && track2.characters.dropLast().hasSuffix("?"))

            // Tag 57: PAN D YYMM service-code PVKI PVV iCVV fill, BCD, padded with F; iCVV is the method with service code 999.
            let icvv = try OpenSSLCVV.compute(pan: "4123456789012345", expiry: "8701", serviceCode: "999",
                                              key: CardVerificationValueTests.publishedKey)
            let tag57 = try #require(made.chipData.first { $0.tag == .track2EquivalentData })
            let nibbles = Hex.encode(tag57.value).uppercased()
            let separator = try #require(nibbles.firstIndex(of: "D"))
            #expect(nibbles[..<separator] == "4123456789012345")
            let after = Array(nibbles[nibbles.index(after: separator)...])
            #expect(String(after[0..<4]) == "8701")
            #expect(String(after[4..<7]) == "101")
            #expect(String(after[7..<8]) == "1")
            #expect(String(after[8..<12]) == "4821")
            #expect(String(after[12..<15]) == icvv)
            #expect(String(after[15...]) == "0F")  // the fill digit, then F to a whole byte
            #expect(icvv != "561")
        }
    }
}
