import ArgumentParser

/// `cardprep qa`: quality inspection of card lots (ISO 2859-1 sampling).
public struct QACommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Quality inspection of card lots: ISO 2859-1 plans, samples, results, switching and signed reports.",
        subcommands: [
            QAPlanCommand.self, QALotsCommand.self, QASampleCommand.self, QARecordCommand.self, QAReportCommand.self,
            QAResumeCommand.self, QADisposeCommand.self,
        ]
    )

    public init() {}
}
