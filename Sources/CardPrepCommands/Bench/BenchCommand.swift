import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep bench`: throughput and memory of the pipeline's stages against the floor of decryption,
/// compression and hashing; `cardprep bench fingerprints` for the duplicate-card check at scale.
public struct BenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the pipeline's throughput and memory against the floor set by age, zstd and sha256sum.",
        subcommands: [BenchPipelineCommand.self, BenchFingerprintsCommand.self, BenchFingerprintKeyCommand.self],
        defaultSubcommand: BenchPipelineCommand.self
    )

    public init() {}
}

/// Where a bench works: `--work DIR`, or a new temporary folder removed afterwards unless `--keep`.
struct BenchFolderOptions: ParsableArguments {
    @Option(help: "Work in this folder (kept afterwards) instead of a new temporary one.")
    var work: String?

    @Flag(help: "Keep the temporary work folder.")
    var keep = false

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    /// Runs `body` in the work folder, removing a temporary one afterwards unless `--keep`.
    func withFolder<T>(_ body: (String) throws -> T) throws -> T {
        let folder = work ?? NSTemporaryDirectory() + "cardprep-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try body(folder)
        if work == nil && !keep { try? FileManager.default.removeItem(atPath: folder) }
        return result
    }
}

/// Writes a progress line to standard error.
func benchProgress(_ line: String) {
    FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
}
