import Testing

@testable import CardPrepCore

/// Card data format version 2 (names in parts, the cardholder's own address), name order, laser engravers that keep
/// what their character set holds, and carriers with their address.
@Suite struct NamesAndCarriersTests {
    static let stripe = PersonalisationSettings(magneticStripe: true)
    static let unicodeLaser = PersonalisationSettings(emboss: EmbossLayout(laserEngravesUnicodeNames: true))
    static let embosser = PersonalisationSettings(magneticStripe: true)

    static func record(name: String = "JANE DOE") -> CardDataRecord {
        CardDataRecord(
            recordNumber: 3, orderLine: 1, productCode: "DEBIT", branchCode: "HQ", cardNumber: "4111110000001234",
            expiry: "2812", cardholderName: name, serviceCode: "201", holderType: "", validFrom: "", validUntil: "")
    }

    /// Reads `lines` (a header first) with `contract`, through the parser validate and transform use.
    static func parse(_ lines: [String], contract: CardDataContract) throws -> [CardDataEvent] {
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var reader = try CardDataReader(source: TrickleByteSource(bytes, step: 64), contract: contract)
        var events: [CardDataEvent] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func details(_ events: [CardDataEvent]) -> [CardDataRecord] {
        events.compactMap { if case let .detail(record, _) = $0 { record } else { nil } }
    }

    @Test func versionTwoNamePartsGiveSurnameSlashGivenOnTrackOne() throws {
        let contract = CardDataContract(layout: .cardPrepV2)
        let events = try Self.parse([
            "H|CARDPREP-CARDS|2|cust-01|D1|ORD-1|2026-11-29",
            "D|1|1|DEBIT|HQ|4111110000001234|2812|van der Berg|Mary-Jane|Dr|201|||||||||",
            "T|1|4111110000001234",
        ], contract: contract)
        let record = try #require(Self.details(events).first)
        #expect(record.nameParts?.family == "van der Berg")
        #expect(record.nameParts?.given == "Mary-Jane")
        #expect(record.nameParts?.title == "Dr")
        #expect(record.address == nil, "no address fields: the carrier goes to the branch")
        let perso = try PersonalisationRecord.make(from: record, settings: Self.stripe)
        #expect(perso.track1?.characters.contains("^VAN DER BERG/MARY-JANE^") == true)
        #expect(perso.emboss.nameLine.text == "MARY-JANE VAN DER BERG")
    }

    @Test func versionOneNameSplitsAtTheLastWordUnlessTheProfileSaysSurnameFirst() throws {
        let givenFirst = try PersonalisationRecord.make(from: Self.record(name: "MARY-JANE VAN DER BERG"), settings: Self.stripe)
        #expect(givenFirst.track1?.characters.contains("^BERG/MARY-JANE VAN DER^") == true, "the one-field heuristic")

        var contract = CardDataContract()
        contract.names.order = .surnameFirst
        let events = try Self.parse([
            "H|CARDPREP-CARDS|1|cust-01|D1|ORD-1|2026-11-29",
            "D|1|1|DEBIT|HQ|4111110000001234|2812|ZHANG Wei|201|||",
            "T|1|4111110000001234",
        ], contract: contract)
        let record = try #require(Self.details(events).first)
        let perso = try PersonalisationRecord.make(from: record, settings: Self.stripe)
        #expect(perso.track1?.characters.contains("^ZHANG/WEI^") == true)
        #expect(perso.emboss.nameLine.text == "ZHANG WEI", "the face keeps the customer's order")
    }

    @Test(arguments: ["SIOBHÁN MURPHY", "Łukasz Nowak", "张伟", "Zoë Brontë-Ångström"])
    func unicodeLaserKeepsWhatItsCharacterSetHolds(name: String) throws {
        var access = Self.record(name: name)
        access.expiry = ""
        access.serviceCode = ""
        let perso = try PersonalisationRecord.make(from: access, settings: Self.unicodeLaser)
        #expect(perso.emboss.nameLine == .laserEngraved(name))
    }

    @Test func embossersTransliterate() throws {
        #expect(try PersonalisationRecord.make(from: Self.record(name: "SIOBHÁN MURPHY"), settings: Self.embosser)
            .emboss.nameLine.text == "SIOBHAN MURPHY")
        #expect(try PersonalisationRecord.make(from: Self.record(name: "Łukasz Nowak"), settings: Self.embosser)
            .emboss.nameLine.text == "LUKASZ NOWAK")
        #expect(throws: PersonalisationError.nameNotTransliterable) {
            try PersonalisationRecord.make(from: Self.record(name: "张伟"), settings: Self.embosser)
        }
    }

    @Test func versionTwoAddressGoesOnTheCarrierWithTheTitle() throws {
        let contract = CardDataContract(layout: .cardPrepV2)
        let events = try Self.parse([
            "H|CARDPREP-CARDS|2|cust-01|D1|ORD-1|2026-11-29",
            "D|1|1|DEBIT|HQ|4111110000001234|2812|O'Neill|Siobhán|Ms|201||||Flat 2|7 Quay Lane||D02 X285|Dublin|IE",
            "T|1|4111110000001234",
        ], contract: contract)
        let record = try #require(Self.details(events).first)
        #expect(record.address == PostalAddress(street: ["Flat 2", "7 Quay Lane"], city: "Dublin", postalCode: "D02 X285", country: "IE"))
        let branch = CarrierAddress(PostalAddress(street: ["1 Harbour Road"], city: "Northport", postalCode: "10000", country: "GB"),
                                    layout: CarrierLayout())
        var settings = Self.stripe
        settings.printsCarriers = true
        let chosen = CarrierAddress.forCard(record, branch: branch, settings: settings)
        let perso = try PersonalisationRecord.make(from: record, settings: settings, carrier: chosen)
        #expect(perso.carrierLines == ["Ms Siobhán O'Neill", "Flat 2", "7 Quay Lane", "D02 X285 Dublin"])
        settings.printsCarriers = false
        #expect(CarrierAddress.forCard(record, branch: branch, settings: settings) == nil, "no carrier printer, no carrier")
    }

    @Test func matchKeyIsJobSequenceAndLastFourByDefault() throws {
        let perso = try PersonalisationRecord.make(from: Self.record(), settings: Self.stripe)
        #expect(CarrierMatchKey().key(job: "J-1", batch: "B-1", sequence: 42, record: perso) == "J-1-000042-1234")
        #expect(CarrierMatchKey(parts: [.batch, .record]).key(job: "J-1", batch: "B-1", sequence: 42, record: perso) == "B-1-3")
    }

    @Test func headerOfAnotherVersionIsRefused() {
        let context = RuleContext(contract: CardDataContract(layout: .cardPrepV2), today: RuleExamples.today, orderLines: [])
        let header = CardDataHeader(fields: [.formatName: CardDataFile.formatName, .version: "1"])
        let findings = HeaderCheck().check(DropTally(header: header), in: context)
        #expect(findings.map(\.reasonCode) == [.headerMismatch])
        #expect(findings.first?.message.contains("version 1") == true)
    }

    @Test func cardExpiringThisMonthIsRefusedAndNamedSo() throws {
        let record = RuleExamples.bank(expiry: "2506")  // the examples are validated in June 2025
        let findings = ExpiryRule().check(record, in: RuleExamples.context())
        #expect(findings.map(\.reasonCode) == [.validityTooShort])
        #expect(findings.first?.message.contains("expires this month") == true)
    }

    @Test func cardNumberWithSpacesIsNamedForItsSpaces() throws {
        let record = RuleExamples.bank("4111 1100 0000 1234")
        let findings = PANLengthRule().check(record, in: RuleExamples.context())
        #expect(findings.map(\.reasonCode) == [.panSeparators])
        let message = try #require(findings.first?.message)
        #expect(message.contains("spaces or separators"))
        #expect(!message.contains("characters"))
        #expect(!message.contains("4111 1100 0000 1234") && !message.contains("4111110000001234"), "masked only")
        #expect(throws: PersonalisationError.panHasSeparators(masked: "411111******1234")) {
            try EmbossLines.numberLine("4111 1100 0000 1234")
        }
    }

    /// Name and address fields lose outer whitespace and runs of it; a field already tidy is kept as it is.
    @Test(arguments: [
        ("12 Rue Haute", "12 Rue Haute", true),
        ("  12  Rue\tHaute ", "12 Rue Haute", false),
        ("", "", true),
        (" ", "", false),
        ("Rue de l'Église", "Rue de l'Église", false),
        ("Quai\u{00A0}Nord", "Quai Nord", false),
        ("A\r\nB", "A B", false),
    ])
    func addressFieldsAreTrimmed(_ text: String, _ expected: String, _ tidyASCII: Bool) {
        #expect(CardDataRecord.trimmed(text) == expected)
        #expect(CardDataRecord.isTrimmedASCII(text) == tidyASCII)
    }
}
