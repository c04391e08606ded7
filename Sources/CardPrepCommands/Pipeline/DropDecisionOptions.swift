import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// The options of a decision on one drop: the pipeline, the drop, why, the people who sign it, `--json`.
struct DropDecisionOptions: ParsableArguments {
    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters are enough) or customer/drop, as `cardprep status` lists it.")
    var drop: String
    @Option(help: "Why (part of the statement; recorded in the drop's history and the audit log).")
    var reason: String
    @Option(help: "The person id (in the register of people) who asks for the decision and signs it.")
    var requester: String?
    @Option(help: "The person id who approves it and signs it too; another person (by default with the role supervisor).")
    var approver: String?
    @OptionGroup var signed: StatementOptions
    @Flag(help: "Print the drop's new state, or the statement to sign, as JSON.")
    var json = false
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.")
    var wait = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws {
        CommandFailure.json = json
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
    }

    /// Carries out `action` on the drop under the pipeline lock, on the statement its people signed, and prints
    /// where the drop stands now. Without a statement, prints it for signing (exit 64); a drop whose state does not
    /// allow the action is refused first (exit 6).
    func decide(_ action: ControlledAction, command: String, verb: String) throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let record = try environment.drop(drop)
        let decisions = DropDecisions(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        do { try decisions.check(action, on: record) } catch { throw CommandFailure.report(error) }
        let dualControl: DualControl
        do { dualControl = try DualControl(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context) } catch {
            throw CommandFailure.report(error)
        }
        let needsApprover = action.duties.contains("approver")
        if !needsApprover, approver != nil {
            throw CommandFailure.report("\(command) is signed by the person who asks for it alone; leave out --approver", code: .usage)
        }
        guard let requester, !needsApprover || approver != nil else {
            throw CommandFailure.report(whoSigns(action, command: command, record: record, dualControl: dualControl), code: .usage)
        }
        let request = DropDecisions.request(
            action, on: record, pipeline: environment.pipeline, requester: requester, approver: approver, reason: reason)
        let approval = try signed.approval(
            for: request, dualControl: dualControl, rerun: words(command, record, people: [requester] + (needsApprover ? [approver!] : [])),
            json: json)
        let after: DropRecord
        do { after = try decisions.carryOut(approval, on: record) } catch { throw CommandFailure.report(error) }
        if json {
            return try printJSON(DropStateJSON(
                dropID: after.id, customer: after.customer, drop: after.name, state: after.state, was: record.state,
                statement: approval.digest, signers: approval.signers.map { .init(duty: $0.duty, person: $0.person.id, key: $0.keyFingerprint) }),
                format: .dropState)
        }
        let people = approval.signers.map { "\($0.duty) \($0.person.id)" }.joined(separator: ", ")
        print("\(verb) \(after.label): \(record.state.words) → \(after.state.words) (signed by \(people))")
        if record.state == .quarantined, after.state == .received { print("it is back in the inbox; the next run takes it") }
    }

    /// The command's words, to print for running it again: with the people named, or with `people` empty the
    /// command as given.
    private func words(_ command: String, _ record: DropRecord, people: [String]) -> [String] {
        var words = ["cardprep", command, URL(fileURLWithPath: pipeline).standardizedFileURL.path, String(record.id.prefix(12)),
                     "--reason", reason]
        for (option, person) in zip(["--requester", "--approver"], people) { words += [option, person] }
        return words
    }

    /// Who must be named before the statement can be printed, with a command that names people who fit.
    private func whoSigns(_ action: ControlledAction, command: String, record: DropRecord, dualControl: DualControl) -> String {
        WhoSigns.message(
            "\(command) of drop \(record.label)", rule: dualControl.pipeline.dualControl.rule(for: action),
            register: dualControl.register, peopleFolder: dualControl.pipeline.peopleFolder
        ) { words(command, record, people: $0) }
    }

    /// `{"format": "cardprep-drop-state/1", "dropID", "customer", "drop", "state", "was", "statement", "signers"}`
    struct DropStateJSON: Encodable {
        struct Signer: Encodable {
            var duty: String
            var person: String
            var key: String
        }

        var format = "cardprep-drop-state/1"
        var dropID: String
        var customer: String
        var drop: String
        var state: DropState
        var was: DropState
        var statement: String
        var signers: [Signer]
    }
}
