import Testing

@testable import CardPrepCore

/// Latin names split on their bytes exactly where splitting their characters would.
@Suite struct PersonalisationLatinWordsTests {
    @Test func everyScalarBelowU0300BetweenWords() {
        for value in UInt32(0)..<0x300 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "Zoë" + String(scalar) + "Ng\r\nO'Brien" + String(scalar)
            let words = LatinWords.split(text, at: LatinWords.isWhiteSpace)?.map(LatinWords.text)
            #expect(words == text.split(whereSeparator: \.isWhitespace).map(String.init), "U+\(String(value, radix: 16))")
            let cut = LatinWords.split(text) { LatinWords.isWhiteSpace($0) || LatinWords.isControl($0) }?.map(LatinWords.text)
            let byCharacters = text.split {
                $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
            }
            #expect(cut == byCharacters.map(String.init), "U+\(String(value, radix: 16))")
        }
    }

    @Test(arguments: ["  Søren\u{A0}Åström ", "Jean-Luc\tPicard", "Madonna", "", " \u{85} ", "Zoë\r\nO'Brien", "王 小明",
                      "Ann\u{7}  Lee\u{1F}", "Jose\u{301} Garci\u{301}a"])
    func cleanFullNameIsTheFullNameCleaned(name: String) {
        for order in [NameOrder.givenFirst, .surnameFirst] {
            var split = CardholderName(fullName: name)
            split.order = order
            #expect(CarrierLines.cleanFullName(split) == CarrierLines.clean(split.fullName))
        }
    }

    @Test func otherScriptsAndCombiningMarksAreLeftToCharacters() {
        #expect(LatinWords.split("王 小明", at: LatinWords.isWhiteSpace) == nil)
        #expect(LatinWords.split("Jose\u{301} Garci\u{301}a", at: LatinWords.isWhiteSpace) == nil)
    }

    @Test(arguments: ["  Søren\u{A0}Åström ", "Jean-Luc\tPicard", "Madonna", "", " \u{85} ", "Zoë\r\nO'Brien"])
    func fullNameSplitsAsCharactersDo(name: String) {
        let words = name.split(whereSeparator: \.isWhitespace)
        let split = CardholderName(fullName: name)
        #expect(split.family == words.last.map(String.init) ?? "")
        #expect(split.given == words.dropLast().joined(separator: " "))
    }
}
