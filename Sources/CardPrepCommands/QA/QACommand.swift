import ArgumentParser

/// `cardprep qa`: quality inspection of card lots (ISO 2859-1 sampling).
public struct QACommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Quality inspection of card lots: ISO 2859-1 sampling plans.",
        subcommands: [QAPlanCommand.self]
    )

    public init() {}
}
