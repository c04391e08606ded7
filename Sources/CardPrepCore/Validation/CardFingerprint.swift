/// A card's keyed fingerprint: the 32 bytes of an HMAC-SHA256 of its number under the bureau's fingerprint
/// key. It identifies a card across drops without revealing its number. Ordered bytewise, so that sorted
/// fingerprints meet the ledger's index in order.
public struct CardFingerprint: Sendable, Hashable, Comparable, BitwiseCopyable, CustomStringConvertible {
    /// The 32 bytes as four big-endian words, most significant first.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a fingerprint from exactly 32 bytes.
    /// - Returns: `nil` when `bytes` does not hold 32 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self = Array(bytes).withUnsafeBytes { CardFingerprint(raw: $0) }
    }

    /// Creates a fingerprint from the first 32 bytes of `raw`, which must hold at least 32.
    public init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= 32, "a card fingerprint has 32 bytes")
        words = (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
                 raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian,
                 raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self).bigEndian,
                 raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self).bigEndian)
    }

    /// Creates a fingerprint from 64 hex digits.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The first eight bytes as a big-endian number: fingerprints whose leading words differ are ordered by them.
    public var leadingWord: UInt64 { words.0 }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        let bigEndian = (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)
        return withUnsafeBytes(of: bigEndian) { Array($0) }
    }

    /// Lower-case hex, 64 digits.
    public var description: String { Hex.encode(bytes) }

    public static func == (lhs: CardFingerprint, rhs: CardFingerprint) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public static func < (lhs: CardFingerprint, rhs: CardFingerprint) -> Bool {
        if lhs.words.0 != rhs.words.0 { return lhs.words.0 < rhs.words.0 }
        if lhs.words.1 != rhs.words.1 { return lhs.words.1 < rhs.words.1 }
        if lhs.words.2 != rhs.words.2 { return lhs.words.2 < rhs.words.2 }
        return lhs.words.3 < rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
