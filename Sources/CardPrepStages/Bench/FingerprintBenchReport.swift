import Foundation

/// What the fingerprint bench measured; encoded as JSON by `cardprep bench fingerprints --json`.
public struct FingerprintBenchReport: Sendable, Equatable, Codable {
    /// One kind of lookup (fingerprints the ledger holds, or new ones).
    public struct Lookups: Sendable, Equatable, Codable {
        public var lookups: Int
        /// How many were found in the ledger.
        public var found: Int
        public var seconds: Double
        public var lookupsPerSecond: Double

        /// Creates a measurement; the rate is derived.
        public init(lookups: Int, found: Int, seconds: Double) {
            self.lookups = lookups; self.found = found; self.seconds = seconds
            lookupsPerSecond = BenchReport.rate(Double(lookups), over: seconds)
        }
    }

    /// Fingerprints in the ledger when the lookups ran.
    public var fingerprints: Int
    /// Time to add `filled` fingerprints.
    public var fillSeconds: Double
    public var filled: Int
    public var held: Lookups
    public var new: Lookups

    /// Creates a report.
    public init(fingerprints: Int, fillSeconds: Double, filled: Int, held: Lookups, new: Lookups) {
        self.fingerprints = fingerprints; self.fillSeconds = fillSeconds; self.filled = filled
        self.held = held; self.new = new
    }

    /// The report as lines for people.
    public var text: String {
        let fillRate = BenchTable.count(BenchReport.rate(Double(filled), over: fillSeconds))
        var lines = ["ledger: \(BenchTable.count(Double(fingerprints))) fingerprints "
                     + "(\(BenchTable.count(Double(filled))) added in \(BenchTable.seconds(fillSeconds)) s, \(fillRate)/s)"]
        for (name, lookups) in [("held", held), ("new", new)] {
            lines.append("lookups of \(name) fingerprints: \(BenchTable.count(Double(lookups.lookups))) in "
                         + "\(BenchTable.seconds(lookups.seconds)) s, \(BenchTable.count(lookups.lookupsPerSecond))/s "
                         + "(\(BenchTable.count(Double(lookups.found))) found)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
