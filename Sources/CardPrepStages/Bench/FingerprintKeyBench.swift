import CardPrepCore
import CardPrepCrypto
import Foundation

/// Measures how many cards a second the pipeline's fingerprint key fingerprints: a key file hashes in memory, a key in
/// a token costs one `C_SignInit` and one `C_Sign` per card, taken in turn on the token's one session.
public struct FingerprintKeyBench {
    /// What one measurement gave.
    public struct Result: Codable, Sendable, Equatable {
        /// The threads asking for fingerprints at once (the validate stage uses several).
        public var threads: Int
        public var cards: Int
        public var seconds: Double
        public var cardsPerSecond: Double
    }

    let key: any CardFingerprintKey
    let cards: Int

    /// Prepares a bench of `key` over `cards` synthetic card numbers.
    public init(key: any CardFingerprintKey, cards: Int) {
        self.key = key; self.cards = cards
    }

    /// Fingerprints the cards on one thread and on `threads` threads, as `OrderedParallelMap` spreads them.
    /// - Throws: the key's error when fingerprinting fails.
    public func run(threads: Int = OrderedParallelMap.defaultWorkers) throws -> [Result] {
        let numbers = (0..<cards).map { String(format: "4%015ld", $0 &* 7919 % 1_000_000_000_000_000) }
        var results: [Result] = []
        for count in Array(Set([1, threads])).sorted() {
            let clock = ContinuousClock()
            let start = clock.now
            let failures = try OrderedParallelMap.map(numbers, workers: count, makeWorker: {}) { _, number -> String? in
                do { _ = try key.fingerprint(of: number); return nil } catch { return "\(error)" }
            }
            let elapsed = clock.now - start
            if let failure = failures.lazy.compactMap({ $0 }).first { throw FingerprintKeyBenchFailure(reason: failure) }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            results.append(
                Result(threads: count, cards: cards, seconds: seconds, cardsPerSecond: Double(cards) / max(seconds, 1e-9)))
        }
        return results
    }
}

/// A fingerprint the bench asked for failed.
public struct FingerprintKeyBenchFailure: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "fingerprinting failed: \(reason)" }
}
