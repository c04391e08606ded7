import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep complaint close PIPELINE ID --cause C --responsible-department D --remedy R --reply TEXT --handler ID`.
struct ComplaintCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract:
            "Close a complaint with its cause, the department responsible, the remedy and the reply, signed by its handler.",
        discussion: """
            Causes: \(ComplaintCause.names). Departments: \(Department.names). Remedies: \(ComplaintRemedy.names). The \
            reply to the customer is one line.

            Closing is done on a complaint.close statement signed by the handler named with --handler (by default a \
            person of the customer-service department; the pipeline's dual_control block may say otherwise). Run \
            first without --statement: the statement is written under <output>/statements and printed with the \
            commands to sign it (exit 64). It names the complaint as recorded (summary, links, how many notes, the \
            SHA-256 of the record) and the decision. Then run the command it prints, which adds --statement and \
            --signature. A note added meanwhile, another person's signature, a key not in the register, a stale or \
            used statement: exit 5, nothing recorded. A complaint closed already: exit 6.

            Example: cardprep complaint close Pipelines/sample.yml CMP-2026-0001 --cause card-defect \
            --responsible-department production --remedy remake --reply "We remake the 3 cards; they leave on 12 November." \
            --handler grace
            """
    )

    @OptionGroup var options: ComplaintOptions
    @Argument(help: "The complaint's id, e.g. CMP-2026-0001.") var complaint: String
    @Option(help: "What the complaint turned out to be about: \(ComplaintCause.names).") var cause: ComplaintCause
    @Option(help: "The department that answers for the cause: \(Department.names).") var responsibleDepartment: Department
    @Option(help: "What the bureau does: \(ComplaintRemedy.names).") var remedy: ComplaintRemedy
    @Option(help: "The reply to the customer, in one line (part of the statement).") var reply: String
    @Option(help: "The person id (in the register of people) of the handler who closes it and signs.") var handler: String?
    @Option(help: "A note for the record, part of the signed statement.") var reason = "complaint answered"
    @OptionGroup var signed: StatementOptions

    func run() throws {
        let (definition, ledger, context) = try options.load(writing: true)
        let register = options.register(definition, ledger, context)
        let file = try failing {
            let file = try register.find(complaint)
            try register.checkCanClose(file)
            return file
        }
        let dualControl = try failing { try DualControl(pipeline: definition, ledger: ledger, context: context) }
        let id = file.complaint.id
        guard let handler else {
            throw CommandFailure.report(
                WhoSigns.message(
                    "closing complaint \(id)", rule: definition.dualControl.rule(for: .complaintClose),
                    register: dualControl.register,
                    peopleFolder: definition.peopleFolder, who: "its handler"
                ) { words(id, definition: definition, handler: $0[0]) },
                code: .usage)
        }
        let closing = ComplaintClosing(cause: cause, department: responsibleDepartment, remedy: remedy, reply: reply)
        let request = try failing { try register.closeRequest(file, closing: closing, handler: handler, reason: reason) }
        let approval = try signed.approval(
            for: request, dualControl: dualControl, rerun: words(id, definition: definition, handler: handler), json: options.json
        )
        let closed = try failing {
            _ = try register.close(file, closing: closing, on: approval)
            return try register.find(id)
        }
        if options.json { return try printJSON(ComplaintView.One(complaint: ComplaintView(closed, now: context.now())), format: .complaint) }
        let person = approval.signers.first.map { "\($0.person.name) (\($0.person.id))" } ?? approval.actor
        print(
            "closed \(id): \(cause.rawValue), \(responsibleDepartment.rawValue) responsible, remedy \(remedy.rawValue); signed by the handler \(person)"
        )
    }

    /// The command's words with `handler` named, to print for running it again.
    private func words(_ id: String, definition: PipelineDefinition, handler: String) -> [String] {
        [
            "cardprep", "complaint", "close", definition.absoluteFile, id, "--cause", cause.rawValue, "--responsible-department",
            responsibleDepartment.rawValue, "--remedy", remedy.rawValue, "--reply", reply, "--reason", reason, "--handler",
            handler,
        ]
    }
}
