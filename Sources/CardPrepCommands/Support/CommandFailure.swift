import ArgumentParser
import CardPrepCore
import Foundation

/// The one way commands report a failure: a line on standard error saying what and where, then the
/// exit code from the shared table.
enum CommandFailure {
    /// Prints `cardprep: error: <message>` and returns the exit code to throw.
    static func report(_ message: String, code: CardPrepExitCode) -> ExitCode {
        FileHandle.standardError.write(Data("cardprep: error: \(message)\n".utf8))
        return ExitCode(code.rawValue)
    }
}

/// Prints `value` as JSON with sorted keys on standard output.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
