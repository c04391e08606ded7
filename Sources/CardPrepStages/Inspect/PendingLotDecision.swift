import CardPrepCore
import CardPrepLedger
import Foundation

/// A lot's decision computed from its results file, before the inspector signs it: what the `qa.decide` statement
/// says, so that the inspector signs exactly the decision that is recorded.
///
/// ```
/// cardprep-statement/1
/// action: qa.decide
/// subject: lot 204e54c8aed0-J01-B001
/// pipeline: sample
/// inspector: carol
/// results-sha256: 5d41402abc4b2a76b9719d911017c592…
/// severity: normal
/// critical: n=20 Ac=0 Re=1 found=0 accept
/// major: n=20 Ac=0 Re=1 found=0 accept
/// minor: n=20 Ac=1 Re=2 found=1 accept
/// decision: accepted
/// reason: sample inspected
/// requested-at: 2026-11-02T10:15:00Z
/// nonce: 4dc039818e0a8c1d28672e8452d569fe
/// ```
public struct PendingLotDecision: Sendable {
    /// The lot.
    public let lot: InspectionLotRecord
    /// The plan its sample was drawn for.
    public let plan: LotPlan
    /// The results as read from the file.
    public let results: InspectionResults
    /// The lowercase hex SHA-256 of the results file's bytes.
    public let resultsDigest: String
    /// The decision the results give.
    public let decision: LotDecision

    /// The statement's subject: `lot <id>`.
    public var subject: String { "lot \(lot.id)" }

    /// The facts of the statement after the inspector: the results file's digest, the severity, each class's
    /// `n`, `Ac`, `Re`, cards found and verdict, and the lot's decision.
    public var statementFacts: [Statement.Field] {
        var fields = [Statement.Field("results-sha256", resultsDigest), Statement.Field("severity", plan.severity.rawValue)]
        for item in decision.classes {
            fields.append(
                Statement.Field(
                    item.defectClass.rawValue,
                    "n=\(item.inspected) Ac=\(item.acceptNumber) Re=\(item.rejectNumber) found=\(item.nonconforming) "
                        + (item.accepted ? "accept" : "reject")))
        }
        fields.append(Statement.Field("decision", decision.accepted ? "accepted" : "not accepted"))
        return fields
    }

    /// The statement the inspector signs for this decision.
    /// - Parameters:
    ///   - pipeline: the pipeline whose ledger records it.
    ///   - inspector: the person id of the inspector who answers for the decision.
    ///   - reason: a note for the record.
    public func request(pipeline: PipelineDefinition, inspector: String, reason: String) -> StatementRequest {
        StatementRequest(
            action: .qaDecide, subject: subject, pipeline: pipeline.name,
            fields: [Statement.Field("inspector", inspector)] + statementFacts, reason: reason)
    }

    /// The first fact in which `statement` differs from this decision, as (field, asked, found); nil when it is the
    /// statement of this decision.
    func difference(from statement: Statement) -> (field: String, asked: String, found: String)? {
        if statement.action != ControlledAction.qaDecide.rawValue {
            return ("action", ControlledAction.qaDecide.rawValue, statement.action)
        }
        if statement.subject != subject { return ("subject", subject, statement.subject) }
        for fact in statementFacts where statement.field(fact.name) != fact.value {
            return (fact.name, fact.value, statement.field(fact.name) ?? "(none)")
        }
        return nil
    }
}
