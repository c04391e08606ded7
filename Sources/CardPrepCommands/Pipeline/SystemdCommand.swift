import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep systemd PIPELINE`: the systemd units of the pipeline's nightly run, with the pipeline's folders as the
/// only writable paths.
public struct SystemdCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "systemd",
        abstract: "Write the systemd service, timer and failure notice of a pipeline's nightly run.",
        discussion: """
            Derives the units from the pipeline definition: a oneshot service that checks the configuration \
            (`cardprep check`) and runs the pipeline with --quiet, hardened for a job with no network (rated OK or \
            better by `systemd-analyze security`), whose only writable paths are the pipeline's output, inbox, job \
            outbox, production inputs and vault folders; a timer; and cardprep-notify@.service, which OnFailure= \
            starts to mail the failed unit's status to operations. The run fails the unit while any drop is \
            failed, quarantined or in discrepancy, so the notice comes every night until someone deals with it.

            Examples: cardprep systemd /etc/cardprep/nightly.yml --out /etc/systemd/system
                      systemctl daemon-reload && systemctl enable --now cardprep-nightly.timer
                      cardprep systemd Pipelines/sample.yml --user cardprep --mail-to ops@bureau.example
            """
    )

    @Argument(help: "The pipeline definition, e.g. /etc/cardprep/nightly.yml.")
    var pipeline: String

    @Option(help: "Write the unit files into this folder (default: print them).")
    var out: String?

    @Option(help: "The user the run runs as.")
    var user = "cardprep"

    @Option(help: "The group the run runs as.")
    var group = "cardprep"

    @Option(help: "The installed cardprep executable.")
    var executable = "/usr/local/bin/cardprep"

    @Option(help: "When the run starts (systemd OnCalendar=).")
    var onCalendar = "*-*-* 01:30:00"

    @Option(help: "Who is mailed when the run fails.")
    var mailTo = "cardprep-ops@bureau.example"

    public init() {}

    public func run() throws {
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        var settings = SystemdUnits.Settings()
        settings.user = user
        settings.group = group
        settings.executable = executable
        settings.onCalendar = onCalendar
        settings.mailTo = mailTo
        let units = SystemdUnits(pipeline: definition, settings: settings)
        guard let out else {
            for file in units.files { print("# --- \(file.name)\n\(file.text)") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for file in units.files {
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: out + "/" + file.name), options: .atomic)
                print(out + "/" + file.name)
            }
        } catch {
            throw CommandFailure.report("cannot write the units into \(out): \(error.localizedDescription)", code: .failure)
        }
    }
}
