import Testing

@testable import CardPrepCore

/// A product's chip data, merged and laid out as EMV CPS data groupings.
@Suite struct ChipDataGroupingTests {
    /// The product of the worked example: issuer country and currency 826, effective 2024-01-01, default PAN sequence
    /// number 00, label "VISA DEBIT", constant 9F08 = 0096; tag 57 carries `{icvv}00000`; SFI 1 record 1 holds 57 and
    /// 5F20, SFI 2 record 1 holds 5A, 5F24, 5F25, 5F28, 5F34, 9F42, 9F08; the SELECT response holds 50.
    static func settings() throws -> PersonalisationSettings {
        var chip = ChipSettings(issuerCountryCode: "826", panSequenceNumber: 0)
        chip.currencyCode = "826"
        chip.applicationLabel = "VISA DEBIT"
        chip.effectiveDateRule = .fixed(CalendarDate(year: 2024, month: 1, day: 1)!)
        chip.constantObjects = [try TLV(tag: TLVTag(0x9F08)!, value: [0x00, 0x96])]
        chip.records = ChipRecordMap(
            records: [
                .init(sfi: 1, record: 1, tags: [.track2EquivalentData, .cardholderName]),
                .init(sfi: 2, record: 1, tags: [
                    .applicationPAN, .applicationExpirationDate, .applicationEffectiveDate, .issuerCountryCode,
                    .panSequenceNumber, .applicationCurrencyCode, TLVTag(0x9F08)!, TLVTag(0x9F0D)!,
                ]),
                .init(sfi: 3, record: 1, tags: [TLVTag(0x8E)!]),
            ],
            selectResponse: [.applicationLabel])
        let product = ProductPersonalisation(
            cardValues: CardValueSettings(source: .issuer, chipTrack2: try DiscretionaryTemplate("{icvv}00000")), chip: chip)
        return PersonalisationSettings(chip: ChipSettings()).applying(product, production: CalendarDate(year: 2026, month: 11, day: 2)!)
    }

    static func record(sequence: String = "01", chipData: String = "") -> CardDataRecord {
        var record = CardDataRecord(
            recordNumber: 1, orderLine: 1, productCode: "DEBIT", branchCode: "HQ", cardNumber: "4761739001010010", expiry: "2512",
            cardholderName: "JANE DOE", serviceCode: "201", holderType: "", validFrom: "", validUntil: "")
        record.panSequenceNumber = sequence
        record.issuerChipData = chipData
        return record
    }

    @Test func theGroupingsMatchTheWorkedExampleWrittenOutByHand() throws {
        let made = try PersonalisationRecord.make(
            from: Self.record(), settings: Self.settings(), carrier: nil, values: CardValues([.icvv: "123"]))
        // DGI 0101 (SFI 1, record 1), 31 bytes: template 70 of 29 bytes holding
        //   57 10 4761739001010010 D2512 201 12300000   (PAN, separator D, YYMM, service code, iCVV 123, fill)
        //   5F20 08 "DOE/JANE"                           (the track 1 name field)
        let record1 = "0101" + "1F" + "701D" + "5710" + "4761739001010010D251220112300000" + "5F2008" + "444F452F4A414E45"
        // DGI 0201 (SFI 2, record 1), 43 bytes: template 70 of 41 bytes holding
        //   5A 08 4761739001010010, 5F24 03 251231 (last day of the expiry month), 5F25 03 240101, 5F28 02 0826,
        //   5F34 01 01 (the record's sequence number), 9F42 02 0826, 9F08 02 0096 (the product's constant)
        let record2 = "0201" + "2B" + "7029" + "5A084761739001010010" + "5F2403251231" + "5F2503240101" + "5F28020826"
            + "5F340101" + "9F42020826" + "9F08020096"
        // SFI 3 record 1 holds only 8E, which this card has not: no grouping.
        // DGI 9102, 14 bytes: FCI proprietary template A5 of 12 bytes holding 50 0A "VISA DEBIT".
        let select = "9102" + "0E" + "A50C" + "500A" + "56495341204445424954"
        #expect(made.dataGroupings.map(\.description) == ["0101", "0201", "9102"])
        #expect(Hex.encode(made.dataGroupings.flatMap(\.encoded)).uppercased() == record1 + record2 + select)
        for grouping in made.dataGroupings {
            let objects = try BERTLV.decode(grouping.data)
            #expect(objects.count == 1)
            #expect(try objects[0].children().count > 0)
            #expect(!DataGrouping.secretRange.contains(grouping.identifier))
        }
    }

    @Test func theIssuersDataIsMergedAndTheDefaultSequenceNumberUsed() throws {
        let made = try PersonalisationRecord.make(
            from: Self.record(sequence: "", chipData: "9F0D05F040008000"), settings: Self.settings(), carrier: nil,
            values: CardValues([.icvv: "123"]))
        let record2 = try BERTLV.decode(try #require(made.dataGroupings.first { $0.identifier == 0x0201 }).data)[0].children()
        #expect(record2.first { $0.tag == .panSequenceNumber }?.value == [0x00])
        #expect(record2.last?.tag == TLVTag(0x9F0D))
        #expect(record2.last?.value == [0xF0, 0x40, 0x00, 0x80, 0x00])
    }

    @Test func aTagWithoutAPlaceAndARepeatedCardTagAreRefusedAsValidationRefusesThem() throws {
        let settings = try Self.settings()
        let limits = PersonalisationLimits(settings: settings)
        for (data, expected) in [
            ("9F1001AA", PersonalisationError.chipTagNotPlaced(tag: "9F10")),
            ("5A084111110000000012", .issuerChipData(reason: "holds tag 5A, which CardPrep writes from the card's fields and the product")),
        ] {
            let record = Self.record(chipData: data)
            #expect(throws: expected) {
                _ = try PersonalisationRecord.make(from: record, settings: settings, carrier: nil, values: CardValues([.icvv: "123"]))
            }
            #expect(limits.chipProblem(record) == expected)
        }
    }

    @Test func effectiveDateRulesGiveTheFirstDayOfTheirMonth() {
        let production = CalendarDate(year: 2026, month: 11, day: 17)!
        #expect(EffectiveDateRule.productionMonth.date(expiry: (30, 11), production: production).description == "2026-11-01")
        #expect(EffectiveDateRule.monthsBeforeExpiry(36).date(expiry: (30, 2), production: production).description == "2027-02-01")
        #expect(EffectiveDateRule("months-before-expiry:36") == .monthsBeforeExpiry(36))
        #expect(EffectiveDateRule("next-tuesday") == nil)
    }
}
