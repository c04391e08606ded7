/// The cards of earlier drops, as the ledger remembers them: by keyed fingerprint (HMAC under the
/// bureau's fingerprint key), never by number.
public protocol CardFingerprintRegistry {
    /// The keyed fingerprint of a card number.
    /// - Throws: the registry's own error when the key cannot be used (a token that stopped answering).
    func fingerprint(of cardNumber: String) throws -> CardFingerprint

    /// The cards earlier drops had of each of `fingerprints`: one answer per fingerprint, in order (`.none` for a
    /// number never seen). Callers pass them in ascending order, in batches, so that a registry on disk reads its
    /// index in order.
    /// - Throws: the registry's own error when the lookup fails (an infrastructure failure).
    func earlierCards(_ fingerprints: [CardFingerprint]) throws -> [EarlierCards]
}

/// An in-memory registry for tests and trials. Its fingerprints are a salted 64-bit FNV-1a digest of the
/// number spread over 32 bytes: no cryptographic fingerprint, which the ledger's HMAC registry provides.
public struct InMemoryCardFingerprintRegistry: CardFingerprintRegistry, Sendable {
    private var held: [CardFingerprint: EarlierCards] = [:]
    private let salt: UInt64

    /// Creates a registry holding `cardNumbers`.
    public init(salt: UInt64 = 0x5EED_CA4D_0000_0001, cardNumbers: [String] = []) {
        self.salt = salt
        for number in cardNumbers { insert(number) }
    }

    /// Remembers a card; without `issue`, as the ledger remembers cards recorded before it kept their issue.
    public mutating func insert(_ cardNumber: String, issue: CardIssue? = nil) {
        let key = fingerprint(of: cardNumber)
        if let issue { held[key, default: .none].issues.append(issue) } else { held[key, default: .none].includesUnknown = true }
    }

    public func fingerprint(of cardNumber: String) -> CardFingerprint {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
        for byte in cardNumber.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var bytes: [UInt8] = []
        for round in 0..<4 {
            let word = hash &* UInt64(2 * round + 1)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return CardFingerprint(bytes: bytes)!
    }

    public func earlierCards(_ fingerprints: [CardFingerprint]) -> [EarlierCards] { fingerprints.map { held[$0] ?? .none } }
}
