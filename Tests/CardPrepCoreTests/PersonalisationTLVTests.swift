import Testing

@testable import CardPrepCore

/// Bytes from hex with spaces, as the tests write them.
func hexBytes(_ text: String) -> [UInt8] {
    Hex.decode(String(text.filter { !$0.isWhitespace })) ?? []
}

@Suite struct PersonalisationTLVTests {
    @Test(arguments: [
        (0, "00"), (1, "01"), (127, "7F"), (128, "81 80"), (200, "81 C8"), (255, "81 FF"), (256, "82 01 00"),
        (300, "82 01 2C"), (65535, "82 FF FF"),
    ])
    func lengthsUseTheShortestForm(_ length: Int, _ expected: String) {
        #expect(BERTLV.encodeLength(length) == hexBytes(expected))
    }

    @Test func longValuesUseLongFormLengths() throws {
        let value = [UInt8](repeating: 0xAB, count: 300)
        let tlv = try TLV(tag: .track1DiscretionaryData, value: value)
        #expect(Array(tlv.encoded.prefix(5)) == hexBytes("9F 1F 82 01 2C"))
        #expect(tlv.encoded.count == 5 + 300)
        #expect(try BERTLV.decode(tlv.encoded) == [tlv])
        #expect(throws: PersonalisationError.valueTooLong(tag: "9F1F", length: 65536, maximum: 65535)) {
            try TLV(tag: .track1DiscretionaryData, value: [UInt8](repeating: 0, count: 65536))
        }
    }

    @Test func tagsAreOneOrTwoBytes() {
        #expect(TLVTag(0x5A)?.bytes == [0x5A])
        #expect(TLVTag(0x5F20)?.bytes == [0x5F, 0x20])
        #expect(TLVTag(0x9F1F)?.bytes == [0x9F, 0x1F])
        #expect(TLVTag(0x5F20)?.description == "5F20")
        #expect(TLVTag(0x1F) == nil)  // says a second byte follows
        #expect(TLVTag(0x5A20) == nil)  // 5A is a one-byte tag
        #expect(TLVTag(0x9F81) == nil)  // the second byte says a third follows
        #expect(TLVTag(0x00) == nil)  // padding
        #expect(TLVTag(0x70)?.isConstructed == true)
        #expect(TLVTag.applicationPAN.isConstructed == false)
        #expect(TLVTag.cardholderName == TLVTag(0x5F20))
    }

    @Test func constructedObjectsNestAndDecode() throws {
        let pan = try TLV(tag: .applicationPAN, value: hexBytes("47 61 73 90 01 01 00 10"))
        let psn = try TLV(tag: .panSequenceNumber, value: [0x01])
        let record = try TLV(tag: .readRecordTemplate, children: [pan, psn])
        #expect(record.encoded == hexBytes("70 0E 5A 08 47 61 73 90 01 01 00 10 5F 34 01 01"))
        let decoded = try BERTLV.decode(record.encoded)
        #expect(decoded == [record])
        #expect(try decoded[0].children() == [pan, psn])
        #expect(throws: PersonalisationError.invalidTag(tag: "5A", reason: "a primitive tag cannot hold data objects")) {
            try TLV(tag: .applicationPAN, children: [psn])
        }
        #expect(throws: PersonalisationError.invalidTag(tag: "5A", reason: "a primitive tag holds no data objects")) {
            try pan.children()
        }
    }

    @Test func decodingAcceptsNonMinimalLongFormLengths() throws {
        #expect(
            try BERTLV.decode(hexBytes("5A 81 01 AA 57 82 00 01 BB")) == [
                try TLV(tag: .applicationPAN, value: [0xAA]), try TLV(tag: .track2EquivalentData, value: [0xBB]),
            ])
        #expect(try BERTLV.decode([]) == [])
    }

    @Test(arguments: [
        ("5A 01 AA 9F", 3, "the tag is cut short"),
        ("5A", 0, "the length is missing"),
        ("5A 05 01 02", 0, "the value runs past the end of the data"),
        ("5A 80 01 00 00", 0, "indefinite lengths are not supported"),
        ("5A 83 00 00 01 AA", 0, "lengths of more than two bytes are not supported"),
        ("5A 82 01", 0, "the length is cut short"),
        ("9F 81 01 00", 0, "tags of more than two bytes are not supported"),
        ("5A 01 AA 00 00", 3, "padding byte 00 where a tag should be"),
    ])
    func malformedInputIsRefused(_ input: String, _ offset: Int, _ reason: String) {
        #expect(throws: PersonalisationError.malformedTLV(offset: offset, reason: reason)) { try BERTLV.decode(hexBytes(input)) }
    }

    @Test func descriptionsHideValues() throws {
        let tlv = try TLV(tag: .applicationPAN, value: hexBytes("47 61 73 90 01 01 00 10"))
        #expect(String(describing: tlv) == "5A (8 bytes)")
    }
}

/// EMV data elements of known test cards, worked out by hand from EMV Book 3, annex A: n is BCD right-aligned
/// with leading zeros, cn BCD left-aligned and padded with F, ans ASCII; 57 is PAN, separator D, YYMM, service
/// code and discretionary data as nibbles, padded with F to a whole byte.
@Suite struct PersonalisationEMVTests {
    static let pan = "4761739001010010"

    /// PAN 4761739001010010, expiry 2512, service code 201, track 2 discretionary data 1234567890123, name
    /// CARDHOLDER/VISA, effective 2022-12-01, issuer country 826 (United Kingdom), PAN sequence number 01,
    /// track 1 discretionary data 12345678900000000000.
    @Test func dataObjectsOfTheVisaTestCard() throws {
        let data = EMVRecordData(
            pan: Self.pan, expiry: "2512", serviceCode: "201", track2DiscretionaryData: "1234567890123",
            cardholderName: "CARDHOLDER/VISA", effectiveDate: CalendarDate("2022-12-01"), issuerCountryCode: "826",
            panSequenceNumber: 1, track1DiscretionaryData: "12345678900000000000")
        let expected = [
            // 16 digits, even: 8 bytes, no padding.
            "5A 08 47 61 73 90 01 01 00 10",
            // 15 ASCII characters: C A R D H O L D E R / V I S A.
            "5F 20 0F 43 41 52 44 48 4F 4C 44 45 52 2F 56 49 53 41",
            // December 2025 ends on the 31st: 251231.
            "5F 24 03 25 12 31",
            "5F 25 03 22 12 01",
            // n3 in two bytes: 0826.
            "5F 28 02 08 26",
            // 4761739001010010 D 2512 201 1234567890123 F: 16 + 1 + 4 + 3 + 13 = 37 nibbles, F makes 38 = 19 bytes.
            "57 13 47 61 73 90 01 01 00 10 D2 51 22 01 12 34 56 78 90 12 3F",
            "5F 34 01 01",
            // 20 ASCII characters: 1 to 9, then eleven zeros.
            "9F 1F 14 31 32 33 34 35 36 37 38 39 30 30 30 30 30 30 30 30 30 30 30",
        ]
        let objects = try data.dataObjects()
        #expect(objects.map { Hex.encode($0.encoded) } == expected.map { Hex.encode(hexBytes($0)) })
        #expect(objects.map(\.tag.description) == ["5A", "5F20", "5F24", "5F25", "5F28", "57", "5F34", "9F1F"])
        let encoded = try data.encoded()
        #expect(encoded == hexBytes(expected.joined()))
        #expect(try BERTLV.decode(encoded) == objects)
    }

    @Test func onlyTheRequiredObjectsWhenTheProfileGivesNoOthers() throws {
        let objects = try EMVRecordData(pan: Self.pan, expiry: "2512", serviceCode: "201").dataObjects()
        // 57: 4761739001010010 D 2512 201 = 24 nibbles, 12 bytes, no padding.
        #expect(
            BERTLV.encode(objects)
                == hexBytes(
                    "5A 08 47 61 73 90 01 01 00 10" + "5F 24 03 25 12 31" + "57 0C 47 61 73 90 01 01 00 10 D2 51 22 01"))
    }

    /// 15-digit American Express test card 378282246310005, expiry 2803, service code 101.
    @Test func oddLengthNumbersArePaddedWithF() throws {
        let objects = try EMVRecordData(pan: "378282246310005", expiry: "2803", serviceCode: "101").dataObjects()
        #expect(
            objects.map { Hex.encode($0.encoded) }
                == [
                    // cn: 15 digits and an F.
                    "5A 08 37 82 82 24 63 10 00 5F",
                    "5F 24 03 28 03 31",
                    // 378282246310005 D 2803 101 = 23 nibbles, F makes 24 = 12 bytes.
                    "57 0C 37 82 82 24 63 10 00 5D 28 03 10 1F",
                ].map { Hex.encode(hexBytes($0)) })
        let nineteen = try EMVRecordData(pan: "6212345678901234569", expiry: "2512", serviceCode: "201").dataObjects()
        #expect(nineteen[0].encoded == hexBytes("5A 0A 62 12 34 56 78 90 12 34 56 9F"))
    }

    @Test(arguments: [
        ("2802", "28 02 29"), ("2702", "27 02 28"), ("2402", "24 02 29"), ("2404", "24 04 30"), ("0001", "00 01 31"),
    ])
    func expiryDateIsTheLastDayOfTheMonth(_ expiry: String, _ expected: String) throws {
        let objects = try EMVRecordData(pan: Self.pan, expiry: expiry, serviceCode: "201").dataObjects()
        #expect(objects[1].tag == .applicationExpirationDate)
        #expect(objects[1].value == hexBytes(expected))
    }

    @Test func track2EquivalentDataFillsAtMost19Bytes() throws {
        // 24 + 14 = 38 nibbles: exactly 19 bytes.
        let full = EMVRecordData(pan: Self.pan, expiry: "2512", serviceCode: "201", track2DiscretionaryData: "12345678901234")
        #expect(try full.dataObjects()[2].encoded == hexBytes("57 13 47 61 73 90 01 01 00 10 D2 51 22 01 12 34 56 78 90 12 34"))
        #expect(throws: PersonalisationError.valueTooLong(tag: "57", length: 20, maximum: 19)) {
            try EMVRecordData(pan: Self.pan, expiry: "2512", serviceCode: "201", track2DiscretionaryData: "123456789012345")
                .dataObjects()
        }
    }

    @Test func malformedFieldsAreRefused() {
        func objects(_ change: (inout EMVRecordData) -> Void) throws(PersonalisationError) -> [TLV] {
            var data = EMVRecordData(pan: Self.pan, expiry: "2512", serviceCode: "201")
            change(&data)
            return try data.dataObjects()
        }
        #expect(throws: PersonalisationError.panHasSeparators(masked: "476173******0010")) {
            try objects { $0.pan = "4761 7390 0101 0010" }
        }
        #expect(throws: PersonalisationError.invalidExpiry) { try objects { $0.expiry = "2513" } }
        #expect(throws: PersonalisationError.invalidServiceCode) { try objects { $0.serviceCode = "2011" } }
        #expect(throws: PersonalisationError.invalidCharacter(field: .track2DiscretionaryData, position: 2)) {
            try objects { $0.track2DiscretionaryData = "1D" }
        }
        #expect(throws: PersonalisationError.invalidLength(field: .cardholderName, length: 1, allowed: 2...26)) {
            try objects { $0.cardholderName = "X" }
        }
        #expect(throws: PersonalisationError.invalidLength(field: .cardholderName, length: 27, allowed: 2...26)) {
            try objects { $0.cardholderName = String(repeating: "X", count: 27) }
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .cardholderName, position: 11)) {
            try objects { $0.cardholderName = "GARCIA/JOSÉ" }
        }
        #expect(throws: PersonalisationError.outOfRange(field: .effectiveDate, allowed: "2000-01-01 to 2099-12-31")) {
            try objects { $0.effectiveDate = CalendarDate("1999-12-01") }
        }
        #expect(throws: PersonalisationError.invalidLength(field: .issuerCountryCode, length: 2, allowed: 3...3)) {
            try objects { $0.issuerCountryCode = "82" }
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .issuerCountryCode, position: 2)) {
            try objects { $0.issuerCountryCode = "8G6" }
        }
        #expect(throws: PersonalisationError.outOfRange(field: .panSequenceNumber, allowed: "0 to 99")) {
            try objects { $0.panSequenceNumber = 100 }
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .track1DiscretionaryData, position: 1)) {
            try objects { $0.track1DiscretionaryData = "\u{7}" }
        }
    }

    @Test func descriptionMasksTheCardNumber() {
        let data = EMVRecordData(pan: Self.pan, expiry: "2512", serviceCode: "201")
        #expect(String(describing: data) == "EMV record data for 476173******0010")
    }
}
