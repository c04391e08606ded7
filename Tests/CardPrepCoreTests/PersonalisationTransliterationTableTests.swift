import Testing

@testable import CardPrepCore

/// The table of Latin scalars gives what the full transliteration rules give.
@Suite struct PersonalisationTransliterationTableTests {
    @Test func everyLatinScalarAloneAndBetweenLetters() {
        for value in UInt32(0)..<0x250 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "a" + String(scalar) + "b", String(scalar) + " " + String(scalar) + "\u{301}"] {
                #expect(EmbossName.transliteratedBytes(text) == EmbossName.transliteratedBytes(text, lookingUp: false),
                        "U+\(String(value, radix: 16))")
            }
        }
    }

    /// Scalars just past the table (U+0250 to U+02FF share its two-byte UTF-8 leads) take the full rules.
    @Test func scalarsPastTheTableTakeTheFullRules() {
        for value in UInt32(0x250)..<0x800 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["Zoë" + String(scalar) + "b", "\u{1}" + String(scalar), "a b" + String(scalar) + "Ø"] {
                #expect(EmbossName.transliteratedBytes(text) == EmbossName.transliteratedBytes(text, lookingUp: false),
                        "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test(arguments: [
        "José García", "ZOË O'BRIEN", "Søren Åström", "Siobhán Ní Bhraonáin", "Łukasz Żółć", "Straße 12", "  l·l  ",
        "Jean-Luc\tPicard", "Mary\u{00A0}Ann", "œuvre Æsir", "ĳssel", "Ｊｏｈｎ", "王小明", "Iñigo\u{0301}", "O`Neil – Smith",
    ])
    func namesGiveTheSameWithAndWithoutTheTable(name: String) {
        #expect(EmbossName.transliteratedBytes(name) == EmbossName.transliteratedBytes(name, lookingUp: false))
    }
}
