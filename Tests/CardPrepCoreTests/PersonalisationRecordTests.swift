import Testing

@testable import CardPrepCore

@Suite struct PersonalisationRecordTests {
    static func bankRecord(name: String = "Visa Cardholder") -> CardDataRecord {
        CardDataRecord(
            recordNumber: 7, orderLine: 1, productCode: "C01-DEBIT", branchCode: "HQ", cardNumber: "4761739001010010",
            expiry: "2512", cardholderName: name, serviceCode: "201", holderType: "", validFrom: "", validUntil: "")
    }

    static let bankSettings = PersonalisationSettings(
        magneticStripe: true, track1DiscretionaryData: "12345678900000000000", track2DiscretionaryData: "1234567890123",
        chip: ChipSettings(
            effectiveDate: CalendarDate("2022-12-01"), issuerCountryCode: "826", panSequenceNumber: 1,
            includesTrack1DiscretionaryData: true))

    /// The same card as the track and EMV tests: the record's name "Visa Cardholder" is given name VISA and
    /// family name CARDHOLDER, so track 1 and tag 5F20 carry CARDHOLDER/VISA.
    @Test func bankCardGetsEveryOutput() throws {
        let address = PostalAddress(street: ["1 Harbour Road"], city: "Northport", postalCode: "10000", country: "GB")
        let perso = try PersonalisationRecord.make(from: Self.bankRecord(), settings: Self.bankSettings, carrierAddress: address)
        #expect(perso.recordNumber == 7)
        #expect(perso.emboss.lines == ["4761 7390 0101 0010", "VALID THRU 12/25", "VISA CARDHOLDER"])
        #expect(perso.track1?.characters == "%B4761739001010010^CARDHOLDER/VISA^251220112345678900000000000?H")
        #expect(perso.track2?.characters == ";4761739001010010=25122011234567890123?7")
        #expect(
            BERTLV.encode(perso.chipData)
                == hexBytes(
                    "5A 08 47 61 73 90 01 01 00 10"
                        + "5F 20 0F 43 41 52 44 48 4F 4C 44 45 52 2F 56 49 53 41"
                        + "5F 24 03 25 12 31" + "5F 25 03 22 12 01" + "5F 28 02 08 26"
                        + "57 13 47 61 73 90 01 01 00 10 D2 51 22 01 12 34 56 78 90 12 3F"
                        + "5F 34 01 01"
                        + "9F 1F 14 31 32 33 34 35 36 37 38 39 30 30 30 30 30 30 30 30 30 30 30"))
        #expect(perso.carrierLines == ["Visa Cardholder", "1 Harbour Road", "10000 Northport"])
        #expect(perso.maskedPAN == "476173******0010")
        #expect(String(describing: perso) == "personalisation record 7 for 476173******0010")
    }

    @Test func namesFromTheFixturesAreTransliteratedEverywhere() throws {
        let perso = try PersonalisationRecord.make(from: Self.bankRecord(name: "SIOBHÁN ÅSTRÖM"), settings: Self.bankSettings)
        #expect(perso.emboss.nameLine.text == "SIOBHAN ASTROM")
        #expect(perso.track1?.data.contains("^ASTROM/SIOBHAN^") == true)
        #expect(perso.chipData[1].value == Array("ASTROM/SIOBHAN".utf8))
        #expect(perso.carrierLines.isEmpty)
    }

    @Test func longNamesFollowThePolicy() throws {
        let record = Self.bankRecord(name: "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ")
        let perso = try PersonalisationRecord.make(from: record, settings: Self.bankSettings)
        #expect(
            perso.emboss.nameLine == .embossed(FittedName(text: "M VILLANUEVA-RODRIGUEZ", abbreviated: true, truncated: false)))
        #expect(perso.track1?.data.contains("^VILLANUEVA-RODRIGUEZ/M^") == true)
        var strict = Self.bankSettings
        strict.namePolicy = .reject
        #expect(throws: PersonalisationError.nameTooLong(length: 35, maximum: 27)) {
            try PersonalisationRecord.make(from: record, settings: strict)
        }
    }

    @Test func chineseNameNeedsALatinNameForStripeAndChip() throws {
        var settings = Self.bankSettings
        settings.emboss.laserEngravesUnicodeNames = true
        #expect(throws: PersonalisationError.nameNotTransliterable) {
            try PersonalisationRecord.make(from: Self.bankRecord(name: "王小明"), settings: settings)
        }
        settings.magneticStripe = false
        settings.chip = nil
        let perso = try PersonalisationRecord.make(from: Self.bankRecord(name: "王小明"), settings: settings)
        #expect(perso.emboss.nameLine == .laserEngraved("王小明"))
        #expect(perso.track1 == nil && perso.track2 == nil && perso.chipData.isEmpty)
    }

    @Test func accessCardsAreEmbossedWithTheirValidity() throws {
        let record = CardDataRecord(
            recordNumber: 1, orderLine: 2, productCode: "C02-ACCESS", branchCode: "BR01", cardNumber: "801234567891",
            expiry: "", cardholderName: "JEAN-LUC DUBOIS", serviceCode: "", holderType: "tenant", validFrom: "2026-11-22",
            validUntil: "2027-11-22")
        let perso = try PersonalisationRecord.make(from: record, settings: PersonalisationSettings())
        #expect(perso.emboss.lines == ["8012 3456 7891", "VALID THRU 11/27", "JEAN-LUC DUBOIS"])
        #expect(perso.track1 == nil && perso.chipData.isEmpty)
        #expect(throws: PersonalisationError.missingField(.expiry)) {
            try PersonalisationRecord.make(from: record, settings: PersonalisationSettings(magneticStripe: true))
        }
        var noService = Self.bankRecord()
        noService.serviceCode = ""
        #expect(throws: PersonalisationError.missingField(.serviceCode)) {
            try PersonalisationRecord.make(from: noService, settings: PersonalisationSettings(chip: ChipSettings()))
        }
    }

    @Test func errorsNeverCarryTheCardNumber() {
        var record = Self.bankRecord()
        record.cardNumber = "47617390010100100"  // 17 digits: valid length, but track 2 + discretionary data is 41
        do {
            _ = try PersonalisationRecord.make(from: record, settings: Self.bankSettings)
            Issue.record("expected an error")
        } catch {
            #expect(error == .trackTooLong(track: 2, length: 41, maximum: 40))
            #expect(!error.description.contains("4761739001010010"))
        }
        record.cardNumber = "4761-7390-0101-0010"
        #expect(throws: PersonalisationError.panHasSeparators(masked: "476173******0010")) {
            try PersonalisationRecord.make(from: record, settings: Self.bankSettings)
        }
    }

    @Test func everyErrorDescriptionIsFreeOfCardData() {
        let errors: [PersonalisationError] = [
            .invalidPAN(masked: "476173******0010"), .invalidExpiry, .invalidServiceCode,
            .invalidCharacter(field: .cardholderName, position: 3), .invalidLength(field: .pan, length: 3, allowed: 8...19),
            .missingField(.expiry), .outOfRange(field: .panSequenceNumber, allowed: "0 to 99"),
            .trackTooLong(track: 1, length: 80, maximum: 79), .nameTooLong(length: 35, maximum: 27), .emptyName,
            .nameNotTransliterable, .lineTooLong(field: .carrierLine, line: 2, length: 41, maximum: 40),
            .tooManyLines(field: .embossLine, count: 5, maximum: 4), .invalidTag(tag: "5A", reason: "r"),
            .valueTooLong(tag: "57", length: 20, maximum: 19), .malformedTLV(offset: 3, reason: "r"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("4761739001010010"))
        }
    }
}
