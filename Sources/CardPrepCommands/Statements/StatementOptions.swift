import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// The options of every command that needs a statement signed by people: the statement file it printed, and one
/// signature per person.
struct StatementOptions: ParsableArguments {
    @Option(help: "The signed statement: the file this command printed when run without it.")
    var statement: String?

    @Option(help: "A signature of the statement (ssh-keygen -Y sign -n cardprep-statement, or cardprep sign); one per person.")
    var signature: [String] = []

    /// The verified statement for `request`; without `--statement`, prints the statement to sign and how, and
    /// exits with 64.
    /// - Parameters:
    ///   - request: what the command asks people to sign.
    ///   - dualControl: the pipeline's register and rules.
    ///   - rerun: the command's words to print for running it again with the signatures (without them).
    ///   - json: whether to print the instructions as JSON.
    /// - Throws: `ExitCode` 64 after printing the instructions, or the code of a refusal (64 or 5) after reporting it.
    func approval(
        for request: StatementRequest, dualControl: DualControl, rerun: [String], json: Bool
    ) throws -> VerifiedStatement {
        guard let statement else {
            guard signature.isEmpty else { throw CommandFailure.report(StatementRefusal.statementMissing) }
            try printInstructions(request: request, dualControl: dualControl, rerun: rerun, json: json)
            throw ExitCode(CardPrepExitCode.usage.rawValue)
        }
        do { return try dualControl.verify(request, statementFile: statement, signatureFiles: signature) } catch {
            throw CommandFailure.report(error)
        }
    }

    private func printInstructions(request: StatementRequest, dualControl: DualControl, rerun: [String], json: Bool) throws {
        var generator = SystemRandomNumberGenerator()
        let prepared: PreparedStatement
        do { prepared = try dualControl.prepare(request, using: &generator) } catch { throw CommandFailure.report(error) }
        guard json else {
            print(prepared.instructions(rerun: rerun), terminator: "")
            FileHandle.standardError.write(
                Data(
                    "cardprep: \(request.action.rawValue) not done: it needs the statement signed by \(prepared.signersPhrase) (exit 64)\n"
                        .utf8))
            return
        }
        try printJSON(
            StatementRequestJSON(
                action: request.action.rawValue, statementFile: prepared.file, statement: prepared.statement.text,
                signers: prepared.assignments.map {
                    .init(
                        person: $0.person.id, duty: $0.duty, signatureFile: prepared.signatureFile(for: $0.person),
                        commands: prepared.signCommands(for: $0.person))
                },
                command: prepared.rerunCommand(rerun), exitCode: CardPrepExitCode.usage.rawValue),
            format: .statementRequest)
    }

    /// `{"format": "cardprep-statement-request/1", "action", "statementFile", "statement", "signers", "command", "exitCode"}`
    struct StatementRequestJSON: Encodable {
        struct Signer: Encodable {
            var person: String
            var duty: String
            var signatureFile: String
            var commands: [String]
        }

        var format = "cardprep-statement-request/1"
        var action: String
        var statementFile: String
        var statement: String
        var signers: [Signer]
        var command: String
        var exitCode: Int32
    }
}
