import Foundation

/// What one `cardprep bench` run measured: each pipeline stage run as its own process over one drop, and the
/// floor (decryption, compression and hashing of the same bytes by the standard tools).
/// Encoded as JSON with the keys documented in the README.
public struct BenchReport: Sendable, Equatable, Codable {
    /// One pipeline stage, run as a child process.
    public struct Stage: Sendable, Equatable, Codable {
        public var name: String
        public var seconds: Double
        public var cardsPerSecond: Double
        public var mbPerSecond: Double
        /// User and system CPU time of the child (`getrusage` of the waited-for process): on a loaded machine it
        /// says more than the wall time.
        public var cpuSeconds: Double
        /// Cards per CPU second, and CPU microseconds per card.
        public var cardsPerCPUSecond: Double
        public var cpuMicrosecondsPerCard: Double
        /// The child's peak resident set size.
        public var peakRSSBytes: Int

        /// Creates a stage measurement; the rates are derived from the drop's size.
        /// - Parameters:
        ///   - name: the stage (`ingest`, `validate`, …).
        ///   - seconds: wall time of the child process.
        ///   - cpuSeconds: user and system CPU time of the child.
        ///   - peakRSSBytes: the child's peak resident set size.
        ///   - cards: cards in the drop.
        ///   - plaintextBytes: size of the drop's card data in clear.
        public init(name: String, seconds: Double, cpuSeconds: Double = 0, peakRSSBytes: Int, cards: Int, plaintextBytes: Int) {
            self.name = name
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.peakRSSBytes = peakRSSBytes
            cardsPerSecond = BenchReport.rate(Double(cards), over: seconds)
            mbPerSecond = BenchReport.rate(Double(plaintextBytes) / 1_000_000, over: seconds)
            cardsPerCPUSecond = BenchReport.rate(Double(cards), over: cpuSeconds)
            cpuMicrosecondsPerCard = cards > 0 ? cpuSeconds * 1e6 / Double(cards) : 0
        }
    }

    /// One floor command (`age -d`, `zstd -3`, `sha256sum`) over the same bytes.
    public struct Floor: Sendable, Equatable, Codable {
        public var name: String
        public var seconds: Double

        /// Creates a floor measurement.
        public init(name: String, seconds: Double) { self.name = name; self.seconds = seconds }
    }

    public var cards: Int
    /// Size of the drop's card data in clear (MB/s figures count these bytes, 1 MB = 1,000,000 bytes).
    public var plaintextBytes: Int
    public var stages: [Stage]
    public var floor: [Floor]
    /// The sum of the stages' wall times.
    public var pipelineSeconds: Double
    /// The sum of the floor commands' wall times.
    public var floorSeconds: Double
    /// `pipelineSeconds ÷ floorSeconds`: how many times the floor the pipeline takes.
    public var ratio: Double
    /// The largest peak RSS of any stage.
    public var peakRSSBytes: Int
    /// The sum of the stages' CPU times.
    public var pipelineCPUSeconds: Double

    /// Assembles a report and derives its totals.
    /// - Parameters:
    ///   - cards: cards in the drop.
    ///   - plaintextBytes: size of the card data in clear.
    ///   - stages: stage measurements, in pipeline order.
    ///   - floor: floor measurements.
    public init(cards: Int, plaintextBytes: Int, stages: [Stage], floor: [Floor]) {
        self.cards = cards
        self.plaintextBytes = plaintextBytes
        self.stages = stages
        self.floor = floor
        pipelineSeconds = stages.reduce(0) { $0 + $1.seconds }
        floorSeconds = floor.reduce(0) { $0 + $1.seconds }
        ratio = Self.rate(pipelineSeconds, over: floorSeconds)
        peakRSSBytes = stages.map(\.peakRSSBytes).max() ?? 0
        pipelineCPUSeconds = stages.reduce(0) { $0 + $1.cpuSeconds }
    }

    /// `amount ÷ seconds`, or 0 when no time was measured (so the JSON never holds infinity).
    static func rate(_ amount: Double, over seconds: Double) -> Double {
        seconds > 0 ? amount / seconds : 0
    }
}
