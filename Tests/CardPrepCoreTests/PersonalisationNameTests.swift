import Testing

@testable import CardPrepCore

@Suite struct PersonalisationNameTests {
    @Test(arguments: [
        ("José García", "JOSE GARCIA"),
        ("Siobhán O'Brien", "SIOBHAN O'BRIEN"),
        ("Siobhán O\u{2019}Brien", "SIOBHAN O'BRIEN"),  // typographic apostrophe
        ("O\u{00B4}Neill", "O'NEILL"),  // acute accent typed as an apostrophe
        ("Zoë Müller", "ZOE MULLER"),
        ("Søren Åström", "SOREN ASTROM"),
        ("Weiß", "WEISS"),
        ("Ægir Þórsson", "AEGIR THORSSON"),
        ("Œdipe", "OEDIPE"),
        ("Łukasz Żółć", "LUKASZ ZOLC"),
        ("Đorđe Ðoković", "DORDE DOKOVIC"),
        ("Işık İlkay", "ISIK ILKAY"),
        ("Ǿrsted", "ORSTED"),  // Ø with acute: decomposes to Ø, then Ø → O
        ("Jose\u{0301}", "JOSE"),  // already decomposed input
        ("Jo\u{200B}sé", "JOSE"),  // zero-width space is dropped, not spaced
        ("Jean\u{2013}Luc", "JEAN-LUC"),  // en dash
        ("Col·lell", "COLLELL"),  // Catalan middle dot
        ("ＪＯＨＮ ＳＭＩＴＨ", "JOHN SMITH"),  // full-width Latin from an East Asian input method
        ("  Anne  (Annie)\tSmith, Jr. ", "ANNE ANNIE SMITH JR."),
        ("mary-jane watson/parker", "MARY-JANE WATSON/PARKER"),
        ("Louis XIV", "LOUIS XIV"),
        ("Agent ٠٠٧", "AGENT 007"),  // Arabic-Indic digits
    ])
    func transliteratesToTheEmbossingSet(_ input: String, _ expected: String) {
        #expect(EmbossName.transliterate(input) == expected)
    }

    @Test(arguments: ["王小明", "Li 李", "Иван Петров", "Γιώργος", "김민준", "محمد", "\u{E000}"])
    func scriptsWithoutTransliterationGiveNil(_ input: String) {
        #expect(EmbossName.transliterate(input) == nil)
    }

    @Test func embossingSetIsExactlyTheIso7811Characters() {
        let allowed = (0x20...0x7E).compactMap { Unicode.Scalar($0) }.map(Character.init).filter(EmbossName.isEmbossable)
        #expect(String(allowed) == " '-./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        #expect(!EmbossName.isEmbossable("É"))
    }

    private func fitted(
        _ name: CardholderName, _ form: NameForm = .givenFirst, max: Int = 27, policy: NameFitPolicy = .abbreviate
    ) throws -> FittedName {
        guard case .fitted(let fitted) = try EmbossName.fit(name, form: form, maximumLength: max, policy: policy) else {
            Issue.record("expected a fitted name")
            return FittedName(text: "", abbreviated: false, truncated: false)
        }
        return fitted
    }

    @Test func shortNamesAreKeptWhole() throws {
        #expect(
            try fitted(CardholderName(fullName: "José García"))
                == FittedName(text: "JOSE GARCIA", abbreviated: false, truncated: false))
        #expect(try fitted(CardholderName(given: "Siobhán", family: "O'Brien")).text == "SIOBHAN O'BRIEN")
        #expect(try fitted(CardholderName(given: "Siobhán", family: "O'Brien"), .surnameFirst, max: 26).text == "O'BRIEN/SIOBHAN")
    }

    @Test func longNameIsAbbreviatedToInitialsKeepingTheFamilyName() throws {
        let name = CardholderName(given: "Maria-Fernanda", family: "Villanueva-Rodriguez")
        // "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ" is 35 characters: too long for a 27-character line.
        #expect(try fitted(name) == FittedName(text: "M VILLANUEVA-RODRIGUEZ", abbreviated: true, truncated: false))
        #expect(
            try fitted(name, .surnameFirst, max: 26)
                == FittedName(text: "VILLANUEVA-RODRIGUEZ/M", abbreviated: true, truncated: false))
    }

    @Test func rejectPolicyRefusesALongName() {
        let name = CardholderName(given: "Maria-Fernanda", family: "Villanueva-Rodriguez")
        #expect(throws: PersonalisationError.nameTooLong(length: 35, maximum: 27)) {
            try EmbossName.fit(name, form: .givenFirst, maximumLength: 27, policy: .reject)
        }
        #expect(throws: PersonalisationError.nameTooLong(length: 35, maximum: 26)) {
            try Track1.name(for: name, policy: .reject)
        }
    }

    @Test func abbreviationGoesStepByStep() throws {
        let name = CardholderName(given: "John Paul George", family: "Smith")  // "JOHN PAUL GEORGE SMITH", 22
        #expect(try fitted(name, max: 22) == FittedName(text: "JOHN PAUL GEORGE SMITH", abbreviated: false, truncated: false))
        #expect(try fitted(name, max: 21).text == "JOHN P G SMITH")
        #expect(try fitted(name, max: 13).text == "J P G SMITH")
        #expect(try fitted(name, max: 10).text == "J SMITH")
        #expect(try fitted(name, max: 5) == FittedName(text: "J SMI", abbreviated: true, truncated: true))
        #expect(try fitted(name, max: 1).text == "J")
        #expect(try fitted(name, .surnameFirst, max: 26).text == "SMITH/JOHN PAUL GEORGE")
        #expect(try fitted(name, .surnameFirst, max: 16).text == "SMITH/JOHN P G")
        #expect(try fitted(name, .surnameFirst, max: 6).text == "SMIT/J")
    }

    @Test func truncationDropsATrailingHyphen() throws {
        let name = CardholderName(given: "Peter", family: "Abernathy-Worthington")
        // Room for "P " and ten characters of the family name: "ABERNATHY-" loses its hyphen.
        #expect(try fitted(name, max: 12) == FittedName(text: "P ABERNATHY", abbreviated: true, truncated: true))
    }

    @Test func singleNamesHaveNoGivenPart() throws {
        #expect(try fitted(CardholderName(fullName: "Sukarno")).text == "SUKARNO")
        #expect(try fitted(CardholderName(fullName: "Sukarno"), .surnameFirst, max: 26).text == "SUKARNO/")
        // A name given only as given names takes its last one as the family name.
        #expect(try fitted(CardholderName(given: "Anna Maria", family: ""), .surnameFirst, max: 26).text == "MARIA/ANNA")
    }

    @Test func slashesInsideNamesAreSpaces() throws {
        #expect(
            try fitted(CardholderName(given: "Mary", family: "Watson/Parker"), .surnameFirst, max: 26).text
                == "WATSON PARKER/MARY")
    }

    @Test func namesWithoutTransliterationAreKeptForLaserEngraving() throws {
        #expect(
            try EmbossName.fit(CardholderName(fullName: "王小明"), form: .givenFirst, maximumLength: 27, policy: .abbreviate)
                == .needsLaserEngraving(original: "王小明"))
        // Kept whole even when long: a laser engraver decides whether it fits.
        let long = CardholderName(given: "Александра", family: "Константинопольская")
        #expect(
            try EmbossName.fit(long, form: .givenFirst, maximumLength: 10, policy: .reject)
                == .needsLaserEngraving(original: "Александра Константинопольская"))
        // Decomposed input comes back composed (NFC).
        #expect(
            try EmbossName.fit(
                CardholderName(given: "Zoe\u{0308}", family: "李"), form: .givenFirst, maximumLength: 27, policy: .reject)
                == .needsLaserEngraving(original: "Zoë 李"))
        #expect(throws: PersonalisationError.nameNotTransliterable) {
            try Track1.name(for: CardholderName(fullName: "王小明"), policy: .abbreviate)
        }
    }

    @Test(arguments: ["", "   ", "!!! ???", "\u{200B}"])
    func emptyNamesAreRefused(_ text: String) {
        #expect(throws: PersonalisationError.emptyName) {
            try EmbossName.fit(CardholderName(fullName: text), form: .givenFirst, maximumLength: 27, policy: .abbreviate)
        }
    }

    @Test func fullNameSplitsAtTheLastWord() {
        let name = CardholderName(fullName: "  MARIA-FERNANDA  VILLANUEVA-RODRIGUEZ ")
        #expect(name == CardholderName(given: "MARIA-FERNANDA", family: "VILLANUEVA-RODRIGUEZ"))
        #expect(CardholderName(fullName: "Anne Marie van Berg") == CardholderName(given: "Anne Marie van", family: "Berg"))
        #expect(CardholderName(given: " Anne  Marie ", family: "van  Berg").fullName == "Anne Marie van Berg")
    }
}
