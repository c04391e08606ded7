import Testing

@testable import CardPrepCore

/// The fields a customer profile adds after the card data format's own: PAN sequence number, issuer card values and
/// issuer chip data.
@Suite struct CardDataAdditionalFieldsTests {
    static var contract: CardDataContract {
        var contract = CardDataContract.cardPrepDefault
        contract.layout = contract.layout.appending([.panSequenceNumber, .pvki, .pvv, .cvv2, .chipData])
        return contract
    }

    @Test func theAddedFieldsFollowTheFormatsOwnAndAreReadIntoTheRecord() throws {
        #expect(Self.contract.layout.detail[.panSequenceNumber] == 12)
        #expect(Self.contract.layout.detail[.chipData] == 16)
        #expect(Self.contract.layout.detailFieldCount == 17)
        let line = CardDataReaderTests.detail(1) + "|01|1|4821|123|9F0D05F040008000"
        let text = [CardDataReaderTests.header, line, "T|1|0"].joined(separator: "\n")
        let record = try #require(CardDataReaderTests.records(try CardDataReaderTests.read(Array(text.utf8), contract: Self.contract)).first)
        #expect(record.cardNumber == CardDataReaderTests.pan)
        #expect(record.panSequenceNumber == "01")
        #expect(record.issuerValues == [.pvki: "1", .pvv: "4821", .cvv2: "123"])
        #expect(record.issuerChipData == "9F0D05F040008000")
    }

    @Test func emptyAddedFieldsReadAsNotSent() throws {
        let text = [CardDataReaderTests.header, CardDataReaderTests.detail(1) + "|||||", "T|1|0"].joined(separator: "\n")
        let record = try #require(CardDataReaderTests.records(try CardDataReaderTests.read(Array(text.utf8), contract: Self.contract)).first)
        #expect(record.panSequenceNumber.isEmpty && record.issuerValues.isEmpty && record.issuerChipData.isEmpty)
    }

    @Test func aRecordWithoutTheAddedFieldsIsMalformed() throws {
        let text = [CardDataReaderTests.header, CardDataReaderTests.detail(1), "T|1|0"].joined(separator: "\n")
        let events = try CardDataReaderTests.read(Array(text.utf8), contract: Self.contract)
        #expect(CardDataReaderTests.records(events).isEmpty)
    }

    @Test func issuerValuesAreTakenWhereTheProductSaysSoAndComputedOtherwise() throws {
        let issuer = CardValueSettings(source: .issuer, track2: try DiscretionaryTemplate("{pvki}{pvv}{cvv1}"), printsCVV2: true)
        #expect(issuer.issuerFields == [.pvki, .pvv, .cvv1, .cvv2])
        var record = RuleExamples.bank()
        record.issuerValues = [.pvki: "1", .pvv: "4821", .cvv1: "561", .cvv2: "042"]
        let values = try issuer.values(of: record, key: nil)
        #expect(issuer.track2?.fill(values) == "14821561")
        #expect(values[.cvv2] == "042")
        record.issuerValues[.cvv1] = "56"
        #expect(throws: CardValueError.issuerValue(.cvv1, reason: "must be 3 digit(s); it has 2 character(s)")) {
            _ = try issuer.values(of: record, key: nil)
        }
        let computed = CardValueSettings(source: .computed, track2: try DiscretionaryTemplate("{cvv1}"))
        #expect(computed.issuerFields.isEmpty && computed.computedFields == [.cvv1])
        #expect(throws: CardValueError.self) { _ = try computed.values(of: record, key: nil) }
    }

    @Test func templatesRefuseUnknownAndUnclosedPlaceholders() {
        #expect(throws: CardValueError.self) { _ = try DiscretionaryTemplate("{cvv3}000") }
        #expect(throws: CardValueError.self) { _ = try DiscretionaryTemplate("{cvv1000") }
        #expect(throws: CardValueError.self) { _ = try DiscretionaryTemplate("cvv1}000") }
        #expect((try? DiscretionaryTemplate("{pvki}{pvv}{cvv1}00000"))?.fields == [.pvki, .pvv, .cvv1])
    }
}

@Suite struct DetailFieldOrderTests {
    /// The parser finds each field's position by ``DetailField/ordinal``; it must be the field's place in `allCases`.
    @Test func everyFieldsOrdinalIsItsPlaceAmongAllFields() {
        for (index, field) in DetailField.allCases.enumerated() { #expect(field.ordinal == index, "\(field)") }
    }
}
