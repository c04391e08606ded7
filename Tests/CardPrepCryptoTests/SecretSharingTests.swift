import Foundation
import Testing

@testable import CardPrepCrypto

/// GF(2⁸) arithmetic with values worked out by hand, so a wrong multiply is caught.
struct GF256Tests {
    /// Multiplication the slow way: a carry-less product, then long division by 0x11B.
    static func reference(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product: UInt16 = 0
        for bit in 0..<8 where b >> bit & 1 == 1 { product ^= UInt16(a) << bit }
        for bit in stride(from: 15, through: 8, by: -1) where product >> bit & 1 == 1 { product ^= 0x11B << (bit - 8) }
        return UInt8(product)
    }

    @Test func productsFromFIPS197() {
        #expect(GF256.multiply(0x57, 0x83) == 0xC1)  // FIPS 197, 4.2
        #expect(GF256.multiply(0x57, 0x13) == 0xFE)  // FIPS 197, 4.2.1
        #expect(GF256.multiply(0x53, 0xCA) == 0x01)  // FIPS 197, 4.4: {53} and {CA} are inverses
        #expect(GF256.inverse(0x53) == 0xCA)
        // x⁷ · x⁷ = x¹⁴ = x¹⁰ + x⁹ + x⁷ + x⁶ = 0x6C ^ 0x36 ^ 0x80 ^ 0x40, by hand.
        #expect(GF256.multiply(0x80, 0x80) == 0x9A)
        #expect(GF256.multiply(0x80, 0x02) == 0x1B)
    }

    @Test func everyProductMatchesLongDivision() {
        for a in 0...255 {
            for b in 0...255 { #expect(GF256.multiply(UInt8(a), UInt8(b)) == Self.reference(UInt8(a), UInt8(b))) }
        }
        for a in 1...255 { #expect(GF256.multiply(UInt8(a), GF256.inverse(UInt8(a))) == 1) }
    }

    @Test func aPolynomialEvaluatedByHand() {
        // f(x) = 0x2A + 0x03·x + 0x05·x²
        //   f(1) = 2A ^ 03 ^ 05 = 2C
        //   f(2) = 2A ^ 06 ^ 05·04 (= 14) = 38
        //   f(3) = 2A ^ 03·03 (= 05) ^ 05·(03·03 = 05) (= 11) = 3E
        let f: [UInt8] = [0x2A, 0x03, 0x05]
        #expect(GF256.evaluate(f, at: 1) == 0x2C)
        #expect(GF256.evaluate(f, at: 2) == 0x38)
        #expect(GF256.evaluate(f, at: 3) == 0x3E)
        #expect(GF256.interpolate([(1, 0x2C), (2, 0x38), (3, 0x3E)], at: 0) == 0x2A)
        #expect(GF256.interpolate([(3, 0x3E), (1, 0x2C), (2, 0x38)], at: 0) == 0x2A)
        // Two points give the line through them, not f: a + b·x with a ^ b = 2C and a ^ 02·b = 38.
        let a = GF256.interpolate([(1, 0x2C), (2, 0x38)], at: 0)
        #expect(a != 0x2A)
        let b = GF256.add(a, 0x2C)
        #expect(GF256.add(a, GF256.multiply(2, b)) == 0x38)
    }
}

/// Splitting and combining shares, and the share text.
struct SecretSharingTests {
    static let secret = Array("AGE-SECRET-KEY-1QQQQ\n".utf8) + (0..<32).map { UInt8($0 * 7 % 256) }

    static func named(_ shares: [SecretShare]) -> [SecretSharing.NamedShare] {
        shares.map { (name: "share-\($0.index)", share: $0) }
    }

    @Test func anyThreeOfFiveRecombine() throws {
        let shares = try SecretSharing.split(Self.secret, count: 5, threshold: 3)
        #expect(Set(shares.map(\.setName)).count == 1)
        for a in 0..<5 {
            for b in (a + 1)..<5 {
                for c in (b + 1)..<5 {
                    #expect(try SecretSharing.combine(Self.named([shares[c], shares[a], shares[b]])) == Self.secret)
                }
            }
        }
        #expect(try SecretSharing.combine(Self.named(shares)) == Self.secret)
    }

    @Test func twoOfThreeNeededAreRefusedAndDoNotInterpolateToTheSecret() throws {
        let shares = try SecretSharing.split(Self.secret, count: 5, threshold: 3)
        #expect(throws: SecretShareError.tooFew(given: 2, needed: 3, set: shares[0].setName)) {
            try SecretSharing.combine(Self.named([shares[0], shares[3]]))
        }
        let guess = SecretSharing.interpolate([shares[0], shares[3]], at: 0)
        #expect(guess != Self.secret)
        #expect(SecretShare.digest(of: guess, setID: shares[0].setID) != shares[0].secretDigest)
    }

    @Test func theTextRoundTrips() throws {
        let shares = try SecretSharing.split(Self.secret, count: 3, threshold: 2)
        for share in shares {
            #expect(share.text.hasPrefix("CARDPREP-SHARE-1-"))
            #expect(!share.text.contains("\n"))
            #expect(try SecretShare(text: share.text + "\n", name: "f") == share)
        }
        #expect(shares[1].description == "share 2 of set \(shares[1].setName) (2 of 3 needed)")
    }

    @Test(arguments: [20, 40, 60, 100])
    func aFlippedCharacterNamesTheShare(position: Int) throws {
        let shares = try SecretSharing.split(Self.secret, count: 3, threshold: 2)
        var characters = Array(shares[1].text)
        characters[position] = characters[position] == "A" ? "B" : "A"
        #expect {
            try SecretShare(text: String(characters), name: "carol.share")
        } throws: { error in
            guard case let .corrupted(share, _) = error as? SecretShareError else { return false }
            return share == "carol.share" && "\(error)".contains("carol.share")
        }
    }

    @Test func anAlteredValueWithAValidChecksumIsFound() throws {
        let shares = try SecretSharing.split(Self.secret, count: 4, threshold: 2)
        var value = shares[2].value
        value[0] ^= 1
        let forged = SecretShare(
            setID: shares[2].setID, count: 4, threshold: 2, index: 3, secretDigest: shares[2].secretDigest, value: value)
        let parsed = try SecretShare(text: forged.text, name: "x")
        #expect(throws: SecretShareError.secretMismatch(set: shares[0].setName, indexes: [1, 3])) {
            try SecretSharing.combine([("a", shares[0]), ("forged", parsed)])
        }
        #expect(throws: SecretShareError.notOnPolynomial(share: "forged")) {
            try SecretSharing.combine([("a", shares[0]), ("b", shares[1]), ("forged", parsed)])
        }
    }

    @Test func sharesOfDifferentSetsOrGivenTwiceAreNamed() throws {
        let first = try SecretSharing.split(Self.secret, count: 3, threshold: 2)
        let second = try SecretSharing.split(Self.secret, count: 3, threshold: 2)
        #expect(throws: SecretShareError.differentSets(share: "other", set: second[1].setName, expected: first[0].setName)) {
            try SecretSharing.combine([("mine", first[0]), ("other", second[1])])
        }
        #expect(throws: SecretShareError.duplicateIndex(share: "again", other: "mine", index: 1)) {
            try SecretSharing.combine([("mine", first[0]), ("again", first[0])])
        }
    }

    @Test(arguments: [(1, 3), (4, 3), (2, 256), (0, 0)])
    func impossibleSplitsAreRefused(threshold: Int, count: Int) {
        #expect(throws: SecretShareError.self) { try SecretSharing.split(Self.secret, count: count, threshold: threshold) }
    }

    @Test func twoHundredFiftyFiveSharesWork() throws {
        let shares = try SecretSharing.split([1, 2, 3], count: 255, threshold: 200)
        #expect(try SecretSharing.combine(Self.named(Array(shares.reversed().prefix(200)))) == [1, 2, 3])
    }
}
