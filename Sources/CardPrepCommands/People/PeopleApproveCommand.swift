import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep people approve PIPELINE --requester ID --approver ID --reason TEXT`.
struct PeopleApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve the changes in the people folder (a person or key added or removed, a role changed), on a signed statement.",
        discussion: """
            The statement lists every change, and the digests of the register before and after. It is signed by a \
            person with the role security who asks and another with the role supervisor who approves (the pipeline's \
            dual_control block may change that), both of the register approved before the change, with the keys it \
            lists: a person being added cannot approve themselves, and a key put in the folder for someone counts only \
            once approved. Run first without --statement to print the statement and how to sign it (exit 64).

            Example: cardprep people approve Pipelines/sample.yml --requester alice --approver frank \
            --reason "erin joins production, ticket HR-118"
            """
    )

    @OptionGroup var options: PeopleOptions
    @Option(help: "Why (part of the statement).") var reason: String
    @Option(help: "The person id who asks for the change (approved register).") var requester: String?
    @Option(help: "The person id who approves it; another person.") var approver: String?
    @OptionGroup var signed: StatementOptions
    @Flag(help: "Wait for a run of the pipeline to finish instead of exiting with code 75.") var wait = false

    func validate() throws {
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
    }

    func run() throws {
        let environment = try CommandEnvironment.open(options.pipeline, changes: true, json: options.json, wait: wait)
        let registers = RegisterApproval(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context)
        let pending: RegisterApproval.Pending
        do { pending = try registers.pending() } catch { throw CommandFailure.report(error) }
        guard let approved = pending.approved else {
            do { _ = try registers.approvedRegister() } catch { throw CommandFailure.report(error) }
            return report("recorded the register as it is, version 1: \(pending.proposed.people.count) people", version: 1)
        }
        guard !pending.changes.isEmpty else {
            return report("the people folder is the approved register, version \(approved.version.version ?? 0); nothing to approve",
                          version: approved.version.version ?? 0)
        }
        let dualControl = DualControl(
            pipeline: environment.pipeline, register: approved.register, ledger: environment.ledger, context: environment.context)
        guard let requester, let approver else {
            throw CommandFailure.report(
                WhoSigns.message(
                    "approving \(pending.changes.count) change(s) to the register of people",
                    rule: environment.pipeline.dualControl.rule(for: .peopleApprove), register: approved.register,
                    peopleFolder: environment.pipeline.peopleFolder) { words(people: $0, pipeline: environment.pipeline) },
                code: .usage)
        }
        let request = RegisterApproval.request(
            pending, pipeline: environment.pipeline, requester: requester, approver: approver, reason: reason)
        let approval = try signed.approval(
            for: request, dualControl: dualControl, rerun: words(people: [requester, approver], pipeline: environment.pipeline),
            json: options.json)
        let version: RegisterVersionRecord
        do { version = try registers.approve(pending, on: approval) } catch { throw CommandFailure.report(error) }
        report(
            "approved register version \(version.version ?? 0), signed by \(approval.duties):\n"
                + pending.changes.map { "  " + $0.description }.joined(separator: "\n"),
            version: version.version ?? 0)
    }

    private func words(people: [String], pipeline: PipelineDefinition) -> [String] {
        ["cardprep", "people", "approve", pipeline.absoluteFile, "--reason", reason, "--requester", people[0], "--approver", people[1]]
    }

    private func report(_ text: String, version: Int64) {
        guard options.json else { return print("people: " + text) }
        struct Output: Encodable {
            var format = "cardprep-people-approval/1"
            var version: Int64
            var message: String
        }
        try? printJSON(Output(version: version, message: text), format: .peopleApproval)
    }
}
