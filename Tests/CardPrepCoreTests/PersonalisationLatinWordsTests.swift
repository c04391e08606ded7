import Foundation
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

    /// The carrier's name line is written straight from the name's bytes: the words of its parts as splitting them
    /// gives, joined by single spaces.
    @Test func nameLinesJoinTheWordsOfTheParts() {
        func isCut(_ value: UInt32) -> Bool { LatinWords.isWhiteSpace(value) || LatinWords.isControl(value) }
        func words(_ text: String) -> [ArraySlice<UInt8>] { LatinWords.split(text, at: isCut) ?? [] }
        for value in UInt32(0)..<0x300 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var name = CardholderName(given: "Zoë" + String(scalar) + "Ann\r\n", family: String(scalar) + "O'Brien Ng")
            name.title = value % 2 == 0 ? "Dr" + String(scalar) : ""
            for order in [NameOrder.givenFirst, .surnameFirst] {
                name.order = order
                let parts = order == .surnameFirst ? [name.family, name.given] : [name.given, name.family]
                #expect(CarrierLines.nameLine(for: name) == LatinWords.joined(([name.title] + parts).flatMap(words)))
                #expect(CarrierLines.cleanFullName(name) == LatinWords.joined(parts.flatMap(words)))
                #expect(CarrierLines.cleanFullName(name) == CarrierLines.clean(name.fullName), "U+\(String(value, radix: 16))")
            }
        }
        var name = CardholderName(given: "Jose\u{301}", family: "王")
        name.title = "Dr"
        #expect(CarrierLines.nameLine(for: name) == "Dr Jose\u{301} 王")
    }

    /// A one-field name is split in one pass: its last word, and the words before it joined by single spaces.
    @Test func fullNameSplitsInOnePassAsWordsDo() {
        for value in UInt32(0)..<0x300 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["Zoë" + String(scalar) + "Ng\r\nO'Brien" + String(scalar), String(scalar), String(scalar) + "Åsa  " + String(scalar)] {
                let words = LatinWords.split(text, at: LatinWords.isWhiteSpace)
                let split = LatinWords.splittingLastWord(text)
                #expect(split?.last == words.map { $0.last.map(LatinWords.text) ?? "" }, "U+\(String(value, radix: 16))")
                #expect(split?.others == words.map { LatinWords.joined($0.dropLast()) }, "U+\(String(value, radix: 16))")
            }
        }
        #expect(LatinWords.splittingLastWord("王 小明") == nil)
    }

    /// Text below U+0300 without CR is counted by its scalars, and is its own canonical composition.
    @Test func latinTextIsCountedByScalars() {
        for value in UInt32(0)..<0x300 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "Zoë" + String(scalar) + "Åström" + String(scalar)
            if let count = LatinWords.characterCount(text) {
                #expect(count == text.count, "U+\(String(value, radix: 16))")
                #expect(text.precomposedStringWithCanonicalMapping.utf8.elementsEqual(text.utf8), "U+\(String(value, radix: 16))")
            } else {
                #expect(value == 0x0D)
            }
        }
        #expect(LatinWords.characterCount("Jose\u{301}") == nil)
        #expect(LatinWords.characterCount("王") == nil)
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
