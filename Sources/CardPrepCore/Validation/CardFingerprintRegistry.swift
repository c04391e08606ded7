/// The cards of earlier drops, as the ledger remembers them: by keyed fingerprint (HMAC under the
/// bureau's fingerprint key), never by number. Implementations fingerprint the number they are given
/// and look the fingerprint up.
public protocol CardFingerprintRegistry {
    /// Whether a card with this number was in an earlier drop.
    /// - Throws: the registry's own error when the lookup fails (an infrastructure failure).
    func containsCard(_ cardNumber: String) throws -> Bool
}

/// An in-memory registry for tests and trials. It keeps 64-bit salted FNV-1a digests of the numbers,
/// not the numbers; that is no cryptographic fingerprint, which the ledger's HMAC registry provides.
public struct InMemoryCardFingerprintRegistry: CardFingerprintRegistry, Sendable {
    private var digests: Set<UInt64> = []
    private let salt: UInt64

    /// Creates a registry holding `cardNumbers`.
    public init(salt: UInt64 = 0x5EED_CA4D_0000_0001, cardNumbers: [String] = []) {
        self.salt = salt
        for number in cardNumbers { insert(number) }
    }

    /// Remembers a card.
    public mutating func insert(_ cardNumber: String) { digests.insert(digest(cardNumber)) }

    /// Whether a card with this number was inserted.
    public func containsCard(_ cardNumber: String) -> Bool { digests.contains(digest(cardNumber)) }

    private func digest(_ cardNumber: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
        for byte in cardNumber.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// The card numbers seen so far in one drop, for the in-drop duplicate rule. Each well-formed number
/// (12 to 19 digits) is kept packed into 16 bytes, so memory grows with the drop: about 40 bytes per
/// card with the set's overhead, some 40 MB for a million cards. Other numbers are not tracked.
public final class CardsInDrop {
    private struct Packed: Hashable {
        let value: UInt64
        let length: UInt8
    }

    private var seen: Set<Packed> = []

    /// An empty set.
    public init() {}

    /// The number of distinct cards remembered.
    public var count: Int { seen.count }

    /// Whether the number was inserted before.
    public func contains(_ cardNumber: String) -> Bool { Self.pack(cardNumber).map(seen.contains) ?? false }

    /// Remembers the number.
    public func insert(_ cardNumber: String) {
        if let packed = Self.pack(cardNumber) { seen.insert(packed) }
    }

    private static func pack(_ cardNumber: String) -> Packed? {
        let bytes = cardNumber.utf8
        guard (1...19).contains(bytes.count) else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return Packed(value: value, length: UInt8(bytes.count))
    }
}
