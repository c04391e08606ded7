import CardPrepCore
import CardPrepLedger
import Foundation

/// Measures the duplicate-card check at scale: fills a ledger with random card fingerprints (each stored with a PAN
/// sequence number and expiry, as validate stores cards) in batched transactions, a drop each, merged into the lookup
/// as validation merges them, then times `Ledger.earlierCards`
/// (sorted batches, as the validate stage asks, with the renewals and reissues looked up beside) for
/// fingerprints it holds and for ones it does not (the common case: a new card).
public struct FingerprintBench {
    /// What to measure.
    public struct Request: Sendable {
        /// The ledger file to fill (created if missing; the bench adds to what it holds).
        public var ledgerPath: String
        public var fingerprints: Int
        /// Lookups of each kind (held and new).
        public var lookups: Int
        /// Fingerprints per transaction while filling.
        public var batchSize: Int
        public var seed: UInt64

        /// Creates a request.
        public init(ledgerPath: String, fingerprints: Int, lookups: Int = 100_000, batchSize: Int = 500_000, seed: UInt64 = 1) {
            self.ledgerPath = ledgerPath; self.fingerprints = fingerprints; self.lookups = lookups
            self.batchSize = batchSize; self.seed = seed
        }
    }

    let request: Request
    /// Called after each filled batch with (fingerprints so far, total).
    let progress: (Int, Int) -> Void

    /// Prepares a bench.
    public init(_ request: Request, progress: @escaping (Int, Int) -> Void = { _, _ in }) {
        self.request = request
        self.progress = progress
    }

    /// Fills the ledger and times the lookups.
    /// - Throws: `LedgerError` when the ledger cannot be opened or written.
    public func run() throws(LedgerError) -> FingerprintBenchReport {
        let ledger = try Ledger(path: request.ledgerPath)
        var random = SeededGenerator(seed: request.seed)
        let clock = ContinuousClock()
        var held: [CardFingerprint] = []
        let keepEvery = max(1, request.fingerprints / max(1, request.lookups))
        var filled = 0, batch = 0
        let fillStart = clock.now
        while filled < request.fingerprints {
            let size = min(request.batchSize, request.fingerprints - filled)
            var fingerprints = (0..<size).map { _ in Self.randomFingerprint(using: &random) }
            for (index, fingerprint) in fingerprints.enumerated() where (filled + index) % keepEvery == 0 && held.count < request.lookups {
                held.append(fingerprint)
            }
            fingerprints.sort()
            // Each batch is a drop of its own, as validate records one; random fingerprints are new numbers.
            let drop = "bench-fill-\(request.seed)-\(batch)"
            try ledger.completeValidation(
                dropID: drop,
                cards: fingerprints.map { RegisteredCard(fingerprint: $0, issue: Self.issue, numberHeld: false) }.forEach,
                step: StepRecord(dropID: drop, stage: "validate", completedAt: Date(), summary: "\(size) fingerprints"),
                transition: nil, events: [], at: Date())
            _ = try ledger.mergeFingerprintsIfDue()
            filled += size
            batch += 1
            progress(filled, request.fingerprints)
        }
        // What is still pending is merged, as the next validation would, so that the lookups read one lookup.
        try ledger.mergeFingerprints()
        let fillTime = fillStart.duration(to: clock.now)
        let fresh = (0..<request.lookups).map { _ in Self.randomFingerprint(using: &random) }
        held.shuffle(using: &random)
        var heldFound = 0, freshFound = 0
        let heldStart = clock.now
        heldFound = try Self.lookUp(held, in: ledger)
        let heldTime = heldStart.duration(to: clock.now)
        let freshStart = clock.now
        freshFound = try Self.lookUp(fresh, in: ledger)
        let freshTime = freshStart.duration(to: clock.now)
        return FingerprintBenchReport(
            fingerprints: try ledger.fingerprintCount(), fillSeconds: fillTime.seconds, filled: filled,
            held: .init(lookups: held.count, found: heldFound, seconds: heldTime.seconds),
            new: .init(lookups: fresh.count, found: freshFound, seconds: freshTime.seconds))
    }

    /// Looks the fingerprints up as the validate stage does: sorted, in batches of 2048 per read transaction.
    /// - Returns: how many the ledger holds.
    static func lookUp(_ fingerprints: [CardFingerprint], in ledger: Ledger) throws(LedgerError) -> Int {
        let sorted = fingerprints.sorted()
        var found = 0
        for start in stride(from: 0, to: sorted.count, by: 2048) {
            let batch = Array(sorted[start..<min(start + 2048, sorted.count)])
            found += try ledger.earlierCards(batch).filter { !$0.isEmpty }.count
        }
        return found
    }

    /// The PAN sequence number and expiry the bench's cards are stored with, as validate stores every card's.
    static let issue = CardIssue.example("01", "2912")

    /// 32 random bytes, the shape of an HMAC-SHA256 card fingerprint.
    static func randomFingerprint(using random: inout SeededGenerator) -> CardFingerprint {
        var bytes: [UInt8] = []
        for _ in 0..<4 {
            var value = random.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: value))
                value >>= 8
            }
        }
        return CardFingerprint(bytes: bytes)!
    }
}
