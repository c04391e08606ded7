import Testing

@testable import CardPrepCore

@Suite struct PersonalisationEmbossLinesTests {
    @Test(arguments: [
        ("4761739001010010", "4761 7390 0101 0010"),
        ("378282246310005", "3782 822463 10005"),
        ("30569309025904", "3056 930902 5904"),
        ("4222222222222", "4222 222 222 222"),
        ("6212345678901234569", "6212 3456 7890 1234 569"),
        ("801234567891", "8012 3456 7891"),
        ("12345678901234567", "1234 5678 9012 3456 7"),
    ])
    func numberLineIsGrouped(_ pan: String, _ expected: String) throws {
        #expect(try EmbossLines.numberLine(pan) == expected)
    }

    @Test func expiryLineIsMonthThenYear() throws {
        #expect(try EmbossLines.expiryLine("2512", label: "VALID THRU") == "VALID THRU 12/25")
        #expect(try EmbossLines.expiryLine("3001", label: "") == "01/30")
        #expect(throws: PersonalisationError.invalidCharacter(field: .expiryLabel, position: 1)) {
            try EmbossLines.expiryLine("2512", label: "valid thru")
        }
        #expect(throws: PersonalisationError.invalidExpiry) { try EmbossLines.expiryLine("1225", label: "") }
    }

    @Test func bankCardLines() throws {
        let lines = try EmbossLines.make(
            pan: "4761739001010010", expiry: "2512", name: CardholderName(fullName: "José García"), policy: .abbreviate)
        #expect(lines.lines == ["4761 7390 0101 0010", "VALID THRU 12/25", "JOSE GARCIA"])
        #expect(lines.nameLine == .embossed(FittedName(text: "JOSE GARCIA", abbreviated: false, truncated: false)))
        #expect(!String(describing: lines).contains("4761"))
    }

    @Test func longNamesAreAbbreviatedOrRefused() throws {
        let name = CardholderName(given: "Maria-Fernanda", family: "Villanueva-Rodriguez")
        let lines = try EmbossLines.make(pan: "4761739001010010", expiry: "2512", name: name, policy: .abbreviate)
        #expect(lines.nameLine == .embossed(FittedName(text: "M VILLANUEVA-RODRIGUEZ", abbreviated: true, truncated: false)))
        #expect(throws: PersonalisationError.nameTooLong(length: 35, maximum: 27)) {
            try EmbossLines.make(pan: "4761739001010010", expiry: "2512", name: name, policy: .reject)
        }
        // A machine with shorter lines fits the name to them.
        let narrow = try EmbossLines.make(
            pan: "4761739001010010", expiry: "2512", name: name, policy: .abbreviate,
            layout: EmbossLayout(lineMaximumLength: 20))
        #expect(narrow.nameLine.text == "M VILLANUEVA-RODRIGU")
    }

    @Test func chineseNamesAreLaserEngravedWhereTheMachineCan() throws {
        let name = CardholderName(fullName: "王小明")
        #expect(throws: PersonalisationError.nameNotTransliterable) {
            try EmbossLines.make(pan: "6212345678901234569", expiry: "2512", name: name, policy: .abbreviate)
        }
        let laser = EmbossLayout(laserEngravesUnicodeNames: true)
        let lines = try EmbossLines.make(
            pan: "6212345678901234569", expiry: "2512", name: name, policy: .abbreviate, layout: laser)
        #expect(lines.nameLine == .laserEngraved("王小明"))
        #expect(lines.lines == ["6212 3456 7890 1234 569", "VALID THRU 12/25", "王小明"])
        #expect(throws: PersonalisationError.nameTooLong(length: 30, maximum: 27)) {
            try EmbossLines.make(
                pan: "6212345678901234569", expiry: "2512", name: CardholderName(fullName: String(repeating: "王", count: 30)),
                policy: .abbreviate, layout: laser)
        }
    }

    @Test func additionalLinesAndLimits() throws {
        let name = CardholderName(fullName: "Anna Kowalski")
        let lines = try EmbossLines.make(
            pan: "801234567891", expiry: nil, name: name, additionalLines: ["Harbour Property Mgmt.", "Tenant 0042"],
            policy: .abbreviate)
        #expect(lines.lines == ["8012 3456 7891", "ANNA KOWALSKI", "HARBOUR PROPERTY MGMT.", "TENANT 0042"])
        #expect(throws: PersonalisationError.lineTooLong(field: .embossLine, line: 4, length: 28, maximum: 27)) {
            try EmbossLines.make(
                pan: "4761739001010010", expiry: "2512", name: name, additionalLines: [String(repeating: "X", count: 28)],
                policy: .abbreviate)
        }
        #expect(throws: PersonalisationError.tooManyLines(field: .embossLine, count: 5, maximum: 4)) {
            try EmbossLines.make(
                pan: "4761739001010010", expiry: "2512", name: name, additionalLines: ["A", "B", "C"], policy: .abbreviate)
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .embossLine, position: 7)) {
            try EmbossLines.make(
                pan: "4761739001010010", expiry: "2512", name: name, additionalLines: ["Tokyo 東京"], policy: .abbreviate)
        }
        #expect(throws: PersonalisationError.lineTooLong(field: .embossLine, line: 1, length: 23, maximum: 19)) {
            try EmbossLines.make(
                pan: "6212345678901234569", expiry: "2512", name: name, policy: .abbreviate,
                layout: EmbossLayout(numberLineMaximumLength: 19))
        }
        #expect(throws: PersonalisationError.lineTooLong(field: .embossLine, line: 2, length: 29, maximum: 27)) {
            try EmbossLines.make(
                pan: "4761739001010010", expiry: "2512", name: name, policy: .abbreviate,
                layout: EmbossLayout(expiryLabel: "CARD IS VALID UNTIL THE"))
        }
    }
}

@Suite struct PersonalisationCarrierLinesTests {
    static let address = PostalAddress(
        street: ["12 Harbour Road", "  Flat\t3 ", ""], city: "Northport", postalCode: "10013", country: "gb")

    @Test func addressBlockKeepsTheNameAsWritten() throws {
        let lines = try CarrierLines.make(name: CardholderName(fullName: "Siobhán  O\u{2019}Brien"), address: Self.address)
        #expect(lines == ["Siobhán O\u{2019}Brien", "12 Harbour Road", "Flat 3", "10013 Northport"])
        let abroad = try CarrierLines.make(
            name: CardholderName(fullName: "王小明"), address: Self.address, layout: CarrierLayout(includesCountry: true))
        #expect(abroad == ["王小明", "12 Harbour Road", "Flat 3", "10013 Northport", "GB"])
    }

    @Test func addressesThatDoNotFitAreRefused() {
        #expect(throws: PersonalisationError.emptyName) {
            try CarrierLines.make(name: CardholderName(given: " ", family: ""), address: Self.address)
        }
        #expect(throws: PersonalisationError.tooManyLines(field: .carrierLine, count: 4, maximum: 3)) {
            try CarrierLines.make(
                name: CardholderName(fullName: "Anna Kowalski"), address: Self.address, layout: CarrierLayout(maximumLines: 3))
        }
        #expect(throws: PersonalisationError.lineTooLong(field: .carrierLine, line: 2, length: 15, maximum: 14)) {
            try CarrierLines.make(
                name: CardholderName(fullName: "Anna Kowalski"), address: Self.address,
                layout: CarrierLayout(lineMaximumLength: 14))
        }
    }
}
