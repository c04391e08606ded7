/// The DES operations the Visa CVV method needs of an issuer's card verification key (CVK), a double-length DES
/// key A|B: single DES under its left half A, and two-key triple DES (encrypt A, decrypt B, encrypt A) under A|B.
///
/// A bureau's keys live in a PKCS#11 token, which does both (see `TokenCardVerificationKey`); a key in memory
/// (``SoftwareCardVerificationKey``) is for tests and demonstrations only.
public protocol CardVerificationCipher: Sendable {
    /// `block` (8 bytes) encrypted with single DES under the key's left half A.
    /// - Throws: the key's own error when it cannot be used (a token that stopped answering).
    func encryptUnderLeftHalf(_ block: [UInt8]) throws -> [UInt8]
    /// `block` (8 bytes) encrypted with two-key triple DES under A|B.
    /// - Throws: the key's own error when it cannot be used.
    func encryptTripleDES(_ block: [UInt8]) throws -> [UInt8]
}

/// Which card verification value, by the service code the Visa CVV method is given for it.
public enum CardVerificationValueKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// CVV1/CVC1, in the magnetic stripe's discretionary data: the card's own service code.
    case cvv1
    /// CVV2/CVC2, printed on the signature panel or engraved: service code `000`.
    case cvv2
    /// iCVV (chip CVC), in the chip's track 2 equivalent data (tag 57): service code `999`.
    case icvv

    /// The service code the method is given: the card's for CVV1, `000` for CVV2, `999` for iCVV.
    public func serviceCode(card: String) -> String {
        switch self {
        case .cvv1: card
        case .cvv2: "000"
        case .icvv: "999"
        }
    }
}

/// The Visa CVV method (also Mastercard's CVC): three digits computed from the card number, the expiry and a
/// service code under the issuer's card verification key.
///
/// 1. The card number, the expiry `YYMM` and the service code, one after another, padded on the right with `0` to
///    32 hex digits, make two 8-byte blocks B1 and B2 (at most 19 + 4 + 3 = 26 digits, so the padding is never
///    cut).
/// 2. B1 is encrypted with single DES under A; the result is XORed with B2.
/// 3. That is encrypted with two-key triple DES under A|B.
/// 4. Decimalisation: the result's hex digits `0`–`9` from left to right, then its digits `A`–`F` from left to
///    right less 10; the first three are the value.
///
/// The value is card data: never log it or write it in clear.
public enum CardVerificationValue {
    /// The value of `kind` for a card.
    /// - Parameters:
    ///   - pan: the card number, 8 to 19 digits.
    ///   - expiry: `YYMM`.
    ///   - serviceCode: the card's service code, three digits (used for ``CardVerificationValueKind/cvv1``).
    ///   - key: the issuer's card verification key.
    /// - Returns: three digits.
    /// - Throws: ``PersonalisationError`` for a malformed card number, expiry or service code; the key's error.
    public static func compute(
        _ kind: CardVerificationValueKind, pan: String, expiry: String, serviceCode: String, key: any CardVerificationCipher
    ) throws -> String {
        try CardFields.checkPAN(pan)
        try CardFields.checkExpiry(expiry)
        try CardFields.checkServiceCode(serviceCode)
        var digits = Array((pan + expiry + kind.serviceCode(card: serviceCode)).utf8)
        digits += repeatElement(UInt8(ascii: "0"), count: 32 - digits.count)
        var blocks = [UInt8]()
        blocks.reserveCapacity(16)
        for pair in stride(from: 0, to: 32, by: 2) {
            blocks.append((digits[pair] - 0x30) << 4 | (digits[pair + 1] - 0x30))
        }
        let first = try key.encryptUnderLeftHalf(Array(blocks[0..<8]))
        let mixed = zip(first, blocks[8..<16]).map { $0 ^ $1 }
        return decimalise(try key.encryptTripleDES(mixed), digits: 3)
    }

    /// The first `digits` decimal digits of `block` by the decimalisation of the Visa CVV method: its nibbles 0–9
    /// in order, then its nibbles A–F in order less 10.
    public static func decimalise(_ block: [UInt8], digits: Int) -> String {
        let nibbles = block.flatMap { [$0 >> 4, $0 & 0x0F] }
        let ordered = nibbles.filter { $0 < 10 } + nibbles.filter { $0 >= 10 }.map { $0 - 10 }
        return String(decoding: ordered.prefix(digits).map { $0 + 0x30 }, as: UTF8.self)
    }
}

/// A card verification key held in memory: for tests and demonstrations only (see `CardVerificationKeyFile`).
public struct SoftwareCardVerificationKey: CardVerificationCipher {
    private let left: DESBlockCipher
    private let right: DESBlockCipher

    /// The key A|B from its 16 bytes; nil for another length.
    public init?(key: [UInt8]) {
        guard key.count == 16, let left = DESBlockCipher(key: Array(key[0..<8])),
            let right = DESBlockCipher(key: Array(key[8..<16]))
        else { return nil }
        self.left = left
        self.right = right
    }

    public func encryptUnderLeftHalf(_ block: [UInt8]) -> [UInt8] { left.encrypt(block) }

    public func encryptTripleDES(_ block: [UInt8]) -> [UInt8] { left.encrypt(right.decrypt(left.encrypt(block))) }

    /// The key check value: the first three bytes of a zero block encrypted under A|B, in upper-case hex, as
    /// issuers give it with a key to check it arrived whole.
    public var checkValue: String {
        var hex = [UInt8]()
        Hex.appendUppercase(Array(encryptTripleDES([UInt8](repeating: 0, count: 8)).prefix(3)), to: &hex)
        return String(decoding: hex, as: UTF8.self)
    }
}
