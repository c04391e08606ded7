import Testing

@testable import CardPrepCore

/// Tracks of known test cards, worked out by hand from ISO/IEC 7813 (layout) and ISO/IEC 7811-2 (character
/// values, parity, LRC).
///
/// Track 2 characters are 4-bit values, the character's ASCII code minus 0x30: `;` = B, `=` = D, `?` = F,
/// digits their own value. Track 1 characters are 6-bit values, ASCII minus 0x20: `%` = 05, `B` = 22, `^` = 3E,
/// `/` = 0F, `?` = 1F, digits 10–19, `A` = 21 … `Z` = 3A. The LRC is the exclusive or of all values from the
/// start sentinel to the end sentinel; each character is recorded with an odd-parity bit above its data bits.
@Suite struct PersonalisationTrackTests {
    static let pan = "4761739001010010"

    /// Track 2 of the Visa test card 4761739001010010, expiry 2512, service code 201, discretionary data
    /// 1234567890123.
    ///
    /// XOR of the values, field by field:
    /// - `;` → B
    /// - PAN 4 7 6 1 7 3 9 0 0 1 0 1 0 0 1 0 → 4^7=3, ^6=5, ^1=4, ^7=3, ^3=0, ^9=9, ^0^0=9, ^1=8, ^0=8, ^1=9,
    ///   ^0^0=9, ^1=8, ^0=8 → 8
    /// - `=` → D
    /// - 2512201 → 2^5=7, ^1=6, ^2=4, ^2=6, ^0=6, ^1=7 → 7
    /// - 1234567890123 → 1^2^3=0, ^4=4, ^5=1, ^6=7, ^7=0, ^8=8, ^9=1, ^0=1, ^1=0, ^2=2, ^3=1 → 1
    /// - `?` → F
    /// B^8=3, ^D=E, ^7=9, ^1=8, ^F=7: the LRC character is `7` (value 0111, three ones: parity bit 0).
    /// Length: 1 + 16 + 1 + 4 + 3 + 13 + 1 + 1 = 40, the maximum.
    @Test func track2OfTheVisaTestCard() throws {
        let track = try Track2.encode(pan: Self.pan, expiry: "2512", serviceCode: "201", discretionaryData: "1234567890123")
        #expect(track.data == "4761739001010010=25122011234567890123")
        #expect(track.characters == ";4761739001010010=25122011234567890123?7")
        #expect(track.characters.count == 40)
        #expect(track.lrc == "7")
        // `;` 1011 (three ones) 0B; `4` 0100 (one) 04; `7` 0111 (three) 07; `6` 0110 (two) 16 with parity.
        #expect(Array(track.codes.prefix(4)) == [0x0B, 0x04, 0x07, 0x16])
        // `=` 1101 (three) 0D; `?` 1111 (four) 1F; LRC `7` 07.
        #expect(track.codes[17] == 0x0D)
        #expect(Array(track.codes.suffix(2)) == [0x1F, 0x07])
        #expect(track.track == 2)
    }

    /// American Express test card 378282246310005, expiry 2803, service code 101, no discretionary data.
    /// XOR: `;` B; PAN 3^7=4, ^8=C, ^2=E, ^8=6, ^2=4, ^2=6, ^4=2, ^6=4, ^3=7, ^1=6, ^0^0^0=6, ^5=3 → 3; `=` D;
    /// 2803101 → 2^8=A, ^0=A, ^3=9, ^1=8, ^0=8, ^1=9 → 9; `?` F. B^3=8, ^D=5, ^9=C, ^F=3: LRC `3`.
    @Test func track2OfTheAmexTestCard() throws {
        let track = try Track2.encode(pan: "378282246310005", expiry: "2803", serviceCode: "101")
        #expect(track.characters == ";378282246310005=2803101?3")
    }

    /// Track 1 of the same card, name CARDHOLDER/VISA, discretionary data 12345678900000000000.
    ///
    /// XOR of the 6-bit values, field by field:
    /// - `%` 05, `B` 22
    /// - PAN: sixteen digits, so their 0x10 bits cancel; the low bits are those of track 2's PAN → 08
    /// - the two `^` cancel
    /// - CARDHOLDER/VISA: C 23 ^ A 21 = 02, ^ R 32 = 30, ^ D 24 = 14, ^ H 28 = 3C, ^ O 2F = 13, ^ L 2C = 3F,
    ///   ^ D 24 = 1B, ^ E 25 = 3E, ^ R 32 = 0C, ^ / 0F = 03, ^ V 36 = 35, ^ I 29 = 1C, ^ S 33 = 2F, ^ A 21 = 0E
    /// - 2512201: seven digits, one 0x10 left, low bits 7 (as in track 2) → 17
    /// - 12345678900000000000: twenty digits, 0x10 cancels; 1^…^9 = 1, zeros add nothing → 01
    /// - `?` 1F
    /// 05^22 = 27, ^08 = 2F, ^0E = 21, ^17 = 36, ^01 = 37, ^1F = 28: the LRC is 0x28, the character `H`
    /// (0x28 + 0x20 = 0x48), recorded as 0x68 (101000 has two ones, so the parity bit 0x40 is set).
    /// Length: 1 + 1 + 16 + 1 + 15 + 1 + 7 + 20 + 1 + 1 = 64.
    @Test func track1OfTheVisaTestCard() throws {
        let track = try Track1.encode(
            pan: Self.pan, name: "CARDHOLDER/VISA", expiry: "2512", serviceCode: "201",
            discretionaryData: "12345678900000000000")
        #expect(track.data == "B4761739001010010^CARDHOLDER/VISA^251220112345678900000000000")
        #expect(track.characters == "%B4761739001010010^CARDHOLDER/VISA^251220112345678900000000000?H")
        #expect(track.characters.count == 64)
        #expect(track.lrc == "H")
        // `%` 000101 (two ones) 45; `B` 100010 (two) 62; `4` 010100 (two) 54; `7` 010111 (four) 57.
        #expect(Array(track.codes.prefix(4)) == [0x45, 0x62, 0x54, 0x57])
        // `^` 111110 (five) 3E; `?` 011111 (five) 1F; LRC 101000 (two) 68.
        #expect(track.codes[18] == 0x3E)
        #expect(Array(track.codes.suffix(2)) == [0x1F, 0x68])
    }

    @Test func everyRecordedCharacterHasOddParityAndTheColumnsAreEven() throws {
        let tracks = [
            (
                try Track1.encode(
                    pan: Self.pan, name: "GARCIA/JOSE", expiry: "2512", serviceCode: "201", discretionaryData: "0 A-Z"), 6
            ),
            (try Track2.encode(pan: Self.pan, expiry: "2512", serviceCode: "201", discretionaryData: "987"), 4),
        ]
        for (track, bits) in tracks {
            #expect(track.codes.count == track.characters.utf8.count)
            let mask = UInt8(1 << bits) - 1
            #expect(track.codes.allSatisfy { $0.nonzeroBitCount % 2 == 1 && $0 >> (bits + 1) == 0 })
            #expect(track.codes.reduce(0) { $0 ^ ($1 & mask) } == 0)
        }
    }

    @Test func track1NameComesFromFamilyAndGivenNames() throws {
        let name = try Track1.name(for: CardholderName(given: "José", family: "García"), policy: .reject)
        #expect(name.text == "GARCIA/JOSE")
        let track = try Track1.encode(pan: Self.pan, name: name.text, expiry: "2512", serviceCode: "201")
        #expect(track.data == "B4761739001010010^GARCIA/JOSE^2512201")
    }

    @Test func overLongTracksAreRefused() throws {
        let name = String(repeating: "N", count: 26)
        // B + 16 + ^ + 26 + ^ + 7 = 52 data characters, 55 with sentinels and LRC: room for 24 more.
        let full = try Track1.encode(
            pan: Self.pan, name: name, expiry: "2512", serviceCode: "201", discretionaryData: String(repeating: "0", count: 24))
        #expect(full.characters.count == 79)
        #expect(throws: PersonalisationError.trackTooLong(track: 1, length: 80, maximum: 79)) {
            try Track1.encode(
                pan: Self.pan, name: name, expiry: "2512", serviceCode: "201",
                discretionaryData: String(repeating: "0", count: 25))
        }
        #expect(throws: PersonalisationError.trackTooLong(track: 2, length: 41, maximum: 40)) {
            try Track2.encode(pan: Self.pan, expiry: "2512", serviceCode: "201", discretionaryData: "12345678901234")
        }
        // A 19-digit card number leaves 37 − 27 = 10 digits of discretionary data on track 2.
        #expect(
            try Track2.encode(pan: "6212345678901234569", expiry: "2512", serviceCode: "201", discretionaryData: "0123456789")
                .characters.count == 40)
    }

    @Test func malformedFieldsAreRefused() {
        #expect(throws: PersonalisationError.invalidPAN(masked: "476173******0010")) {
            try Track2.encode(pan: "4761739O01010010", expiry: "2512", serviceCode: "201")
        }
        #expect(throws: PersonalisationError.invalidPAN(masked: "476173**********0010")) {
            try Track2.encode(pan: "47617390010100100010", expiry: "2512", serviceCode: "201")
        }
        #expect(throws: PersonalisationError.invalidPAN(masked: "****567")) {
            try Track1.encode(pan: "1234567", name: "A/B", expiry: "2512", serviceCode: "201")
        }
        for expiry in ["2513", "2500", "251", "25-1", "２５１２"] {
            #expect(throws: PersonalisationError.invalidExpiry) {
                try Track2.encode(pan: Self.pan, expiry: expiry, serviceCode: "201")
            }
        }
        for code in ["20", "2010", "2O1"] {
            #expect(throws: PersonalisationError.invalidServiceCode) {
                try Track2.encode(pan: Self.pan, expiry: "2512", serviceCode: code)
            }
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .track2DiscretionaryData, position: 3)) {
            try Track2.encode(pan: Self.pan, expiry: "2512", serviceCode: "201", discretionaryData: "12=4")
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .cardholderName, position: 6)) {
            try Track1.encode(pan: Self.pan, name: "SMITH^JOHN", expiry: "2512", serviceCode: "201")
        }
        #expect(throws: PersonalisationError.invalidCharacter(field: .cardholderName, position: 11)) {
            try Track1.encode(pan: Self.pan, name: "GARCIA/JOSÉ", expiry: "2512", serviceCode: "201")
        }
        #expect(throws: PersonalisationError.invalidLength(field: .cardholderName, length: 1, allowed: 2...26)) {
            try Track1.encode(pan: Self.pan, name: "A", expiry: "2512", serviceCode: "201")
        }
        #expect(throws: PersonalisationError.invalidLength(field: .cardholderName, length: 27, allowed: 2...26)) {
            try Track1.encode(pan: Self.pan, name: String(repeating: "A", count: 27), expiry: "2512", serviceCode: "201")
        }
        for (data, position) in [("12%4", 3), ("1?", 2), ("^", 1), ("abc", 1), ("`", 1)] {
            #expect(throws: PersonalisationError.invalidCharacter(field: .track1DiscretionaryData, position: position)) {
                try Track1.encode(pan: Self.pan, name: "A/B", expiry: "2512", serviceCode: "201", discretionaryData: data)
            }
        }
    }

    @Test func nothingPrintsTheCardNumber() throws {
        let track = try Track2.encode(pan: Self.pan, expiry: "2512", serviceCode: "201")
        #expect(!String(describing: track).contains(Self.pan))
        #expect(!String(reflecting: track).contains(Self.pan))
        let error = PersonalisationError.invalidPAN(masked: CardNumber.masked("4761739O01010010"))
        #expect(!error.description.contains("4761739O01010010"))
    }
}
