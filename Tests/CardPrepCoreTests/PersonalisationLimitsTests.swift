import Testing

@testable import CardPrepCore

/// The limits that validation checks agree with personalisation: for every machine setting and every record, the
/// first problem ``PersonalisationLimits`` finds is the error ``PersonalisationRecord/make(from:settings:carrier:)``
/// throws, and it finds none when `make` makes the card.
@Suite struct PersonalisationLimitsTests {
    static let settings: [(String, PersonalisationSettings)] = [
        ("embosser with stripe and chip", PersonalisationSettings(magneticStripe: true, chip: ChipSettings())),
        ("embosser with stripe", PersonalisationSettings(magneticStripe: true)),
        ("chip encoder", PersonalisationSettings(chip: ChipSettings())),
        ("laser engraver, any script", PersonalisationSettings(emboss: EmbossLayout(laserEngravesUnicodeNames: true))),
        ("laser engraver, ISO 7811", PersonalisationSettings()),
        (
            "discretionary data and chip settings",
            PersonalisationSettings(
                magneticStripe: true, track1DiscretionaryData: "12345678900000000000", track2DiscretionaryData: "1234567890123",
                chip: ChipSettings(
                    effectiveDate: CalendarDate("2022-12-01"), issuerCountryCode: "826", panSequenceNumber: 1,
                    includesTrack1DiscretionaryData: true))
        ),
        (
            "tight face, names refused",
            PersonalisationSettings(
                namePolicy: .reject, emboss: EmbossLayout(numberLineMaximumLength: 19, lineMaximumLength: 20, maximumLines: 3),
                additionalEmbossLines: ["ACME CORPORATION"], magneticStripe: true,
                track1DiscretionaryData: String(repeating: "0", count: 22),
                carrier: CarrierLayout(lineMaximumLength: 20, maximumLines: 4, includesCountry: true))
        ),
        (
            "names refused, not abbreviated",
            PersonalisationSettings(namePolicy: .reject, magneticStripe: true, chip: ChipSettings())
        ),
        (
            "full face with a long label",
            PersonalisationSettings(
                emboss: EmbossLayout(lineMaximumLength: 16, expiryLabel: "GOOD THRU", laserEngravesUnicodeNames: true),
                additionalEmbossLines: ["MEMBER 00012345"])
        ),
        (
            "label longer than a line",
            PersonalisationSettings(emboss: EmbossLayout(lineMaximumLength: 14, expiryLabel: "GOOD THRU"))
        ),
        (
            "further lines that fit only without an expiry",
            PersonalisationSettings(additionalEmbossLines: ["ONE", "TWO", "THREE"])
        ),
        ("further line longer than a line", PersonalisationSettings(additionalEmbossLines: [String(repeating: "W", count: 28)])),
        (
            "unembossable label and further line",
            PersonalisationSettings(
                emboss: EmbossLayout(expiryLabel: "Valid"), additionalEmbossLines: ["王"])
        ),
        (
            "chip settings out of range",
            PersonalisationSettings(
                chip: ChipSettings(effectiveDate: CalendarDate("1999-12-01"), issuerCountryCode: "82", panSequenceNumber: 100))
        ),
        ("country code with a letter", PersonalisationSettings(chip: ChipSettings(issuerCountryCode: "82A"))),
        ("sequence number out of range", PersonalisationSettings(chip: ChipSettings(panSequenceNumber: 100))),
    ]

    static let names = [
        "JANE DOE", "", "   ", "¡¿", "--", "'", "X", "A B", "Jane Doe", "O’BRIEN", "JOHN 3RD", "JANE\u{A0}DOE", "JANE\tDOE",
        "  JANE   DOE  ", "JANE\u{85}DOE", "A/B", "JOHN / SMITH", "SMITH/", "/", "JOSE\u{301} GARCI\u{301}A", " \u{301}A",
        "\u{301}",
        "ＪＯＨＮ ＳＭＩＴＨ", "ĳsbrand", "Straße Groß", "ÆTHELSTAN ÞÓRSSON", "SIOBHÁN ÅSTRÖM", "😀 SMITH", "\u{E000}",
        String(repeating: "A", count: 25), String(repeating: "A", count: 26), String(repeating: "A", count: 27),
        String(repeating: "A", count: 28), "MARIA DE LOS ANGELES PEREZ", "MARIA DE LOS ANGELES GARCIA",
        "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ", "JOHN PAUL GEORGE RINGO STARR-WORTHINGTONSHIRE",
        "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ ROSS", "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ ROSSI",
        "Straße Großmann-Weißenbürger", String(repeating: "ß", count: 14), String(repeating: "'", count: 27) + "B",
        "A " + String(repeating: "'", count: 27) + "B", String(repeating: "-", count: 30), String(repeating: "A", count: 60),
        "王小明", "张伟", "王 小明", "JOHN 王", String(repeating: "王", count: 27), String(repeating: "王", count: 28),
        String(repeating: "王", count: 41), "김민준", "Дмитрий Иванов", "Ελένη Παπαδοπούλου", "مريم", "ミナミ",
    ]

    static let pans = [
        "41111100", "411111000012", "4111110000123", "411111000012345", "4111110000123456", "41111100001234567",
        "411111000012345678", "4111110000123456789", "41111100001234567890", "4111110", "4111-1100", "", "411111000000123X",
    ]
    static let expiries = ["2806", "", "2813", "06/28", "2800", "9912", "28061"]
    static let serviceCodes = ["201", "", "2O1", "20", "2011"]
    static let validUntil = ["", "2027-06-15", "not a date"]

    static let addresses: [PostalAddress?] = [
        nil,
        PostalAddress(street: ["1 Harbour Road"], city: "Northport", postalCode: "10000", country: "GB"),
        PostalAddress(
            street: ["Unit 14 Riverside Industrial Estate North"], city: "Eastfield", postalCode: "10013", country: "GB"),
        PostalAddress(
            street: ["Unit 14 Riverside Industrial Estate West"], city: "Eastfield", postalCode: "10013", country: "GB"),
        PostalAddress(street: ["Flat 2", "1 Long Lane", "Old Town"], city: "Northport", postalCode: "10000", country: "GB"),
        PostalAddress(street: [], city: "", postalCode: "", country: ""),
    ]

    static func record(
        pan: String = "4111110000123456", expiry: String = "2806", name: String = "JANE DOE", serviceCode: String = "201",
        validUntil: String = ""
    ) -> CardDataRecord {
        CardDataRecord(
            recordNumber: 1, orderLine: 1, productCode: "P", branchCode: "HQ", cardNumber: pan, expiry: expiry,
            cardholderName: name, serviceCode: serviceCode, holderType: "", validFrom: "", validUntil: validUntil)
    }

    /// Records at and past every limit, one field at a time, then mixed at random.
    static var records: [(CardDataRecord, PostalAddress?)] {
        var records: [(CardDataRecord, PostalAddress?)] = []
        for name in names { for address in addresses { records.append((record(name: name), address)) } }
        for pan in pans { records.append((record(pan: pan), addresses[1])) }
        for expiry in expiries { records.append((record(expiry: expiry), addresses[1])) }
        for code in serviceCodes { records.append((record(serviceCode: code), addresses[1])) }
        for until in validUntil {
            records.append((record(expiry: "", serviceCode: "", validUntil: until), addresses[1]))
            records.append((record(expiry: "2806", serviceCode: "", validUntil: until), nil))
        }
        var random = SeededGenerator(seed: 7)
        for _ in 0..<400 {
            records.append(
                (
                    record(
                        pan: pans.randomElement(using: &random)!, expiry: expiries.randomElement(using: &random)!,
                        name: names.randomElement(using: &random)!, serviceCode: serviceCodes.randomElement(using: &random)!,
                        validUntil: validUntil.randomElement(using: &random)!),
                    addresses.randomElement(using: &random)!
                ))
        }
        return records
    }

    @Test(arguments: settings.indices)
    func theFirstProblemIsTheErrorPersonalisationThrows(_ index: Int) {
        let (label, settings) = Self.settings[index]
        let limits = PersonalisationLimits(settings: settings)
        var mismatches: [String] = []
        for (record, address) in Self.records {
            let carrier = address.map { CarrierAddress($0, layout: settings.carrier) }
            var thrown: PersonalisationError?
            do { _ = try PersonalisationRecord.make(from: record, settings: settings, carrier: carrier) } catch { thrown = error }
            let first = limits.problems(record, carrier: carrier).first
            if first != thrown {
                mismatches.append(
                    "\(record.line) \(address.map { "\($0.street)" } ?? "no carrier"): make \(thrown.map { "\($0)" } ?? "succeeds"), "
                        + "limits \(first.map { "\($0)" } ?? "none")")
            }
        }
        #expect(mismatches.isEmpty, "\(label): \(mismatches.count) mismatches\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    @Test func numberLineLengthsAreThoseOfTheLines() throws {
        for digits in 8...19 {
            let line = try EmbossLines.numberLine(String(repeating: "4", count: digits))
            #expect(EmbossLines.numberLineLength(digits: digits) == line.count, "\(digits) digits")
        }
    }

    @Test func tracksAndChipDataCheckWhatTheyEncode() throws {
        #expect(throws: PersonalisationError.trackTooLong(track: 2, length: 41, maximum: 40)) {
            try Track2.check(pan: "411111000012345678", expiry: "2806", serviceCode: "201", discretionaryData: "000000000000")
        }
        try Track2.check(pan: "41111100001234567", expiry: "2806", serviceCode: "201", discretionaryData: "000000000000")
        #expect(throws: PersonalisationError.trackTooLong(track: 1, length: 80, maximum: 79)) {
            try Track1.check(
                pan: "4111110000123456789", nameLength: 26, expiry: "2806", serviceCode: "201",
                discretionaryData: String(repeating: "0", count: 22))
        }
        #expect(throws: PersonalisationError.valueTooLong(tag: "57", length: 20, maximum: 19)) {
            try EMVRecordData(
                pan: "4111110000123456789", expiry: "2806", serviceCode: "201", track2DiscretionaryData: "000000000000"
            )
            .check()
        }
        let data = EMVRecordData(
            pan: "411111000012345678", expiry: "2806", serviceCode: "201", track2DiscretionaryData: "000000000000")
        try data.check()
        #expect(try data.dataObjects().first { $0.tag == .track2EquivalentData }?.value.count == 19)
    }
}
