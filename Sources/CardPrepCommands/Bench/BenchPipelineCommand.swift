import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep bench [pipeline] --cards N`: one drop of N cards through ingest, validate, transform and archive.
struct BenchPipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run ingest, validate, transform and archive on one generated drop; compare with the floor.",
        discussion: """
            Generates one drop of N cards encrypted to the demo bureau key, then runs each stage as a child process \
            of this executable (build with -c release) and prints per stage the wall time, cards per second, MB of \
            card data per second and peak RSS. The floor is measured on the same bytes: age -d of the card data, \
            and age -d piped into zstd -3 and into sha256sum. Card data in clear only flows through pipes.

            With --generate-only it writes the bench folder (the drop in its inbox, the keys, pipeline.yml) and \
            stops, so that stages can be profiled or two builds compared on the same drop \
            (Pipelines/compare-outputs.sh).

            Examples:
              cardprep bench --cards 1000000 --json
              cardprep bench --cards 100000 --work /tmp/bench-drop --generate-only
            """
    )

    @Option(help: "Cards in the drop (e.g. 100000, 1000000, 10000000).")
    var cards = 1_000_000

    @Option(help: "The CardPrep checkout holding Fixtures/keys and Pipelines/ (default: found above the executable or here).")
    var package: String?

    @Flag(help: "Only write the bench folder (drop, keys, pipeline.yml); needs --work.")
    var generateOnly = false

    @OptionGroup var folder: BenchFolderOptions

    func validate() throws {
        guard cards >= 1 else { throw ValidationError("--cards must be at least 1") }
        if generateOnly && folder.work == nil { throw ValidationError("--generate-only needs --work DIR") }
    }

    func run() throws {
        let executable = BenchRunner.runningExecutable
        let starts =
            package.map { [$0] } ?? [
                URL(fileURLWithPath: executable).deletingLastPathComponent().path,
                FileManager.default.currentDirectoryPath,
            ]
        do {
            guard let root = BenchWorkspace.packageRoot(searchingFrom: starts) else {
                throw BenchError.noPackageRoot(searched: starts)
            }
            if generateOnly, let work = folder.work {
                var workspace = BenchWorkspace(root: work)
                benchProgress("generating a drop of \(cards) cards in \(work)")
                try workspace.generate(cards: cards, packageRoot: root)
                print("\(workspace.pipelinePath)")
                return
            }
            let report = try folder.withFolder { work in
                try BenchRunner(
                    workFolder: work, executable: executable, packageRoot: root, cards: cards,
                    progress: benchProgress
                ).run()
            }
            if folder.json {
                try printJSON(report, format: .benchPipeline)
            } else {
                print(BenchTable.render(report), terminator: "")
            }
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
    }
}
