import ArgumentParser
import CardPrepCore
import CardPrepIO
import CardPrepStages
import Foundation

/// What every CardPrep executable sets up before it parses its command line.
public enum CardPrepProcess {
    /// Files and folders CardPrep creates are never readable by others: 0640 and 0750 (private keys 0600). A
    /// `CARDPREP_HOST` that cannot name a host stops the process with the usage code before anything is opened.
    public static func prepare() {
        FileModes.restrictNewFiles()
        if let problem = WorkerHost.problem() {
            CommandFailure.json = CommandLine.arguments.contains("--json")
            exit(CommandFailure.report(problem, code: .usage).rawValue)
        }
    }
}
