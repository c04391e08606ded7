import CardPrepCore
import CardPrepIO
import CardPrepStages
import Foundation

/// Runs one pipeline bench: generates a drop, measures the floor on its card data, then runs each stage as a
/// child process of the built `cardprep` and measures it. Plaintext card data only ever flows through pipes.
struct BenchRunner {
    /// The folder to work in (created if missing).
    let workFolder: String
    /// The built `cardprep` executable whose stages are measured.
    let executable: String
    /// The checkout with `Fixtures/keys` and `Pipelines/`.
    let packageRoot: String
    let cards: Int
    /// Called with a line of progress before each step.
    var progress: (String) -> Void = { _ in }

    static let stages = ["ingest", "validate", "transform", "archive"]

    /// Runs the bench.
    /// - Throws: `BenchError` when a measured command fails; generator and I/O errors.
    func run() throws -> BenchReport {
        var workspace = BenchWorkspace(root: workFolder)
        progress("generating a drop of \(cards) cards in \(workFolder)")
        try workspace.generate(cards: cards, packageRoot: packageRoot)
        let log = workFolder + "/bench.log"
        let decrypt = "age -d -i \(shellQuoted(workspace.identityPath)) \(shellQuoted(workspace.cardFile))"

        progress("counting the card data's bytes")
        let countFile = workFolder + "/plaintext-bytes.txt"
        _ = try MeasuredProcess.shell(decrypt + " | wc -c", standardOutput: countFile, standardError: log).run()
        let plaintextBytes = Int(String(decoding: try FileByteSource(path: countFile).readAll(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0

        var floor: [BenchReport.Floor] = []
        for (name, script) in [
            ("age -d", decrypt + " > /dev/null"),
            ("age -d | zstd -3", decrypt + " | zstd -3 -c > /dev/null"),
            ("age -d | sha256sum", decrypt + " | sha256sum > /dev/null"),
        ] {
            progress("floor: \(name)")
            floor.append(.init(name: name, seconds: try MeasuredProcess.shell(script, standardError: log).run().seconds))
        }

        var stages: [BenchReport.Stage] = []
        for stage in Self.stages {
            progress("stage: \(stage)")
            let measured = try MeasuredProcess(
                arguments: [executable, stage, workspace.pipelinePath],
                standardOutput: workFolder + "/\(stage).out", standardError: log
            ).run()
            stages.append(.init(name: stage, seconds: measured.seconds, cpuSeconds: measured.cpuSeconds, peakRSSBytes: measured.peakRSSBytes,
                                cards: workspace.cards, plaintextBytes: plaintextBytes))
        }
        return BenchReport(cards: workspace.cards, plaintextBytes: plaintextBytes, stages: stages, floor: floor)
    }

    /// The running executable's path: `/proc/self/exe`, else `CommandLine.arguments[0]` made absolute.
    static var runningExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let first = CommandLine.arguments[0]
        return first.hasPrefix("/") ? first : FileManager.default.currentDirectoryPath + "/" + first
    }
}
