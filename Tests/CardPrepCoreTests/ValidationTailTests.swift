import Foundation
import Testing
@testable import CardPrepCore

/// What validation does on the main thread once records are checked (sorting sightings, control totals, the reject
/// reports' text) gives what the plain computations give.
@Suite("Validation tail")
struct ValidationTailTests {
    @Test func sightingsSortByFingerprintThenLine() {
        // Fingerprints that share their leading eight bytes, and cards seen on several lines.
        func fingerprint(_ lead: UInt8, _ tail: UInt8) -> CardFingerprint {
            CardFingerprint(bytes: [lead] + Array(repeating: 0, count: 30) + [tail])!
        }
        var sightings: [CardSighting] = []
        var generator = SystemRandomNumberGenerator()
        for line in 1...3000 {
            sightings.append(CardSighting(
                fingerprint: fingerprint(UInt8.random(in: 0...3, using: &generator), UInt8.random(in: 0...40, using: &generator)),
                line: line, recordNumber: line, orderLine: 1, masked: MaskedCardNumber("4111111111111111")!,
                rejectedByRecordRules: false))
        }
        let expected = sightings.sorted(by: CardSighting.precedes)
        SightingSpool.sort(&sightings)
        #expect(sightings == expected)
    }

    @Test func reportJSONTextIsEscapedAsBefore() {
        var texts = ["", "plain", "a \"quoted\" \\ path/x", "Seán Ó Brien – 张伟 🇬🇧", "\r\n\t", "\u{7F}\u{85}\u{2028}"]
        texts.append(String((0..<0x20).map { Character(Unicode.Scalar($0 as UInt8)) }))
        for text in texts {
            var bytes: [UInt8] = []
            JSONText.append(text, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONText.string(text))
        }
        var bytes: [UInt8] = []
        JSONText.append(nil as String?, to: &bytes)
        JSONText.append(-42, to: &bytes)
        JSONText.append(nil as Int?, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "null-42null")
    }

    @Test func hashTotalsAddTheDigitsOfAnyText() {
        var total = HashTotal()
        total.add("4111111111111111")
        total.add("4111 1111-1111 1111")
        total.add("٤1x2")
        var expected: UInt64 = 0
        for number in ["4111111111111111", "4111111111111111", "12"] { expected = (expected + UInt64(number)! % 1_000_000_000_000_000) % 1_000_000_000_000_000 }
        #expect(total.value == expected)
    }
}
