import CardPrepCore
import CardPrepCrypto
import Foundation

/// Draws a lot's sample with a seeded cryptographic generator: the stream of SHA-256(seed ‖ counter) blocks,
/// counter as 8 bytes big-endian from 0, read as big-endian 64-bit words. A partial Fisher–Yates shuffle with
/// rejection sampling picks the cards without bias. The same seed and lot give the same pick list on every machine.
public enum SampleDraw {
    /// The length of a seed in bytes.
    public static let seedLength = 32

    /// The pick list: `count` serials of the lot in draw order (all of them, shuffled, when `count` reaches the lot size).
    /// - Parameters:
    ///   - serials: the lot's serials in production order.
    ///   - count: cards to draw.
    ///   - seed: 32 bytes.
    public static func pickList(from serials: [String], count: Int, seed: [UInt8]) -> [String] {
        var indices = Array(serials.indices)
        var stream = HashStream(seed: seed)
        let picks = min(max(count, 0), indices.count)
        for position in 0..<picks {
            let chosen = position + stream.uniform(below: UInt64(indices.count - position))
            indices.swapAt(position, chosen)
        }
        return indices.prefix(picks).map { serials[$0] }
    }

    /// A new seed from the system's cryptographic random source.
    public static func randomSeed() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<seedLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Parses a seed given as 64 hex digits.
    /// - Throws: `InspectionError.invalidSeed`.
    public static func seed(hex text: String) throws(InspectionError) -> [UInt8] {
        guard let bytes = Hex.decode(text.lowercased()), bytes.count == seedLength else { throw .invalidSeed(text) }
        return bytes
    }
}

/// The generator behind `SampleDraw`: SHA-256 in counter mode over the seed.
struct HashStream {
    private let seed: [UInt8]
    private var counter: UInt64 = 0
    private var block: [UInt8] = []

    init(seed: [UInt8]) { self.seed = seed }

    /// The next 64-bit word of the stream.
    mutating func next() -> UInt64 {
        if block.isEmpty {
            let counterBytes = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * $0)) }
            block = Hex.decode(FileDigest.sha256(seed + counterBytes)) ?? []
            counter += 1
        }
        let word = block.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        block.removeFirst(8)
        return word
    }

    /// A uniform integer in `0..<bound` (bound at least 1), rejecting the words that would bias it.
    mutating func uniform(below bound: UInt64) -> Int {
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let word = next()
            if word < limit { return Int(word % bound) }
        }
    }
}
