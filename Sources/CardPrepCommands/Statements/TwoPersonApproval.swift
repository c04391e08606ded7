import CardPrepCore
import CardPrepLedger
import CardPrepStages

extension CommandEnvironment {
    /// The verified statement of an action a requester asks for and an approver approves (`close-short`, `remake`,
    /// `qa dispose`): without both people named, the message of who may sign and a complete command naming people
    /// who fit (exit 64); else the statement to sign, or the one signed, checked.
    /// - Parameters:
    ///   - action: the action, whose pipeline rule says who may sign.
    ///   - what: the action in words, for the message.
    ///   - words: the command line that names `people` (requester, approver), to print for people to paste.
    ///   - request: the statement for the requester and approver.
    func twoPersonApproval(
        _ action: ControlledAction, what: String, requester: String?, approver: String?, signed: StatementOptions, json: Bool,
        words: ([String]) -> [String], request: (_ requester: String, _ approver: String) -> StatementRequest
    ) throws -> VerifiedStatement {
        let dualControl: DualControl
        do { dualControl = try DualControl(pipeline: pipeline, ledger: ledger, context: context) } catch {
            throw CommandFailure.report(error)
        }
        guard let requester, let approver else {
            throw CommandFailure.report(
                WhoSigns.message(
                    what, rule: pipeline.dualControl.rule(for: action), register: dualControl.register,
                    peopleFolder: pipeline.peopleFolder, command: words),
                code: .usage)
        }
        return try signed.approval(
            for: request(requester, approver), dualControl: dualControl, rerun: words([requester, approver]), json: json)
    }
}
