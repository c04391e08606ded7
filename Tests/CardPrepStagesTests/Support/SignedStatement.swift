import CardPrepCore
import CardPrepLedger

@testable import CardPrepStages

extension PeopleFixture {
    /// The statement for `request`, printed as a command prints it and signed by the people it names with their
    /// keys, verified against the pipeline's register (this fixture's folder).
    func approval(
        of request: StatementRequest, pipeline: PipelineDefinition, ledger: Ledger, context: RunContext
    ) throws -> VerifiedStatement {
        let dualControl = try DualControl(pipeline: pipeline, ledger: ledger, context: context)
        var generator = SystemRandomNumberGenerator()
        let prepared = try dualControl.prepare(request, using: &generator)
        let signatures = try prepared.assignments.map { try sign(file: prepared.file, by: $0.person.id) }
        return try dualControl.verify(request, statementFile: prepared.file, signatureFiles: signatures)
    }
}
