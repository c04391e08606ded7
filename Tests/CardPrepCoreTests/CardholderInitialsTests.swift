import CardPrepCore
import Testing

@Suite struct CardholderInitialsTests {
    @Test(arguments: [("JOHN DOE", "J.D."), ("DOE/JOHN", "D.J."), ("Anne-Marie O'Neil", "A.M.O."), ("j. doe", "J.D."), ("", "")])
    func initialsOfAName(name: String, initials: String) {
        #expect(CardholderInitials.of(name) == initials)
    }

    /// ASCII names are read byte by byte; every ASCII character between words gives what splitting characters gives.
    @Test func asciiNamesGiveWhatCharactersGive() {
        func byCharacters(_ name: String) -> String {
            name.split(whereSeparator: { " /,-.\t".contains($0) }).compactMap { $0.first(where: \.isLetter) }
                .map { $0.uppercased() + "." }.joined()
        }
        for value in UInt8(0)..<0x80 {
            let character = String(UnicodeScalar(value))
            for name in ["john" + character + "doe", character + "Ann\r\nLee" + character, "9" + character + "x-" + character] {
                #expect(CardholderInitials.of(name) == byCharacters(name), "byte \(value)")
                #expect(CardholderInitials.of(name[...]) == byCharacters(name), "byte \(value)")
            }
        }
        #expect(CardholderInitials.of("zoë ångström") == "Z.Å.")
    }

    /// Latin-script names (every scalar below U+0300) are read scalar by scalar and give what splitting characters
    /// gives, upper-casing included (`ß` gives `SS.`); a name with any other scalar is read by characters.
    @Test func latinNamesGiveWhatCharactersGive() {
        func byCharacters(_ name: String) -> String {
            name.split(whereSeparator: { " /,-.\t".contains($0) }).compactMap { $0.first(where: \.isLetter) }
                .map { $0.uppercased() + "." }.joined()
        }
        for value in UInt32(0x80)..<0x300 {
            let character = String(UnicodeScalar(value)!)
            for name in ["zoë" + character + "doe", character + "Åsa\r\nLee" + character, "9" + character + "x-" + character,
                         character + "e\u{301}mile 王" + character] {
                #expect(CardholderInitials.of(name) == byCharacters(name), "scalar \(value)")
                var appended = Array("J.".utf8)
                CardholderInitials.append(name[...], to: &appended)
                #expect(appended == Array(("J." + byCharacters(name)).utf8), "scalar \(value)")
            }
        }
    }

    @Test(arguments: [("jd", "J.D."), ("J.D.", "J.D."), ("J. D.", "J.D.")])
    func typedInitialsAreNormalised(typed: String, stored: String) {
        #expect(CardholderInitials.normalised(typed) == stored)
    }
}
