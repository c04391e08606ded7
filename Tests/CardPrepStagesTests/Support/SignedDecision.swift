import CardPrepCore
import CardPrepLedger

@testable import CardPrepStages

extension DropDecisions {
    /// Carries out `action` on `drop` as the command does: refused first when the drop's state does not allow it,
    /// then on a statement alice asks for and frank approves (alice alone for a hold), signed with their keys in
    /// `people`, whose folder is the pipeline's register.
    func signed(_ action: ControlledAction, _ drop: DropRecord, reason: String, people: PeopleFixture) throws -> DropRecord {
        try check(action, on: drop)
        let request = Self.request(
            action, on: drop, pipeline: pipeline, requester: "alice", approver: action.duties.count > 1 ? "frank" : nil,
            reason: reason)
        return try carryOut(try people.approval(of: request, pipeline: pipeline, ledger: ledger, context: context), on: drop)
    }
}
