import CardPrepCore
import CardPrepLedger
import Foundation
import Logging

/// What QA does with a lot once the inspect stage has planned it: draw the sample, decide the lot from the results
/// and record the decision its inspector signed (applying the switching rules), and resume a discontinued product.
public struct LotInspection {
    let ledger: Ledger
    let context: RunContext

    /// Creates the inspection for one command.
    public init(ledger: Ledger, context: RunContext) { self.ledger = ledger; self.context = context }

    /// The lot, or `InspectionError.unknown`.
    public func lot(_ id: String) throws -> InspectionLotRecord {
        guard let lot = try ledger.lot(id: id) else { throw InspectionError.unknown(what: "lot \(id) in the ledger") }
        return lot
    }

    /// Draws the sample of a lot and records the seed and pick list.
    ///
    /// The plan is made again first when the switching rules changed the severity since it was made. A lot
    /// sampled already gives back its recorded sample when no seed or the same seed is given.
    /// - Parameters:
    ///   - lotID: the lot.
    ///   - seed: 32 bytes, or nil for a new seed from the system's cryptographic random source.
    /// - Returns: the recorded sample and the plan it was drawn for.
    /// - Throws: `InspectionError` (unknown lot, another seed than the recorded one), `SamplingError.inspectionDiscontinued`,
    ///   `LedgerError`.
    public func drawSample(lotID: String, seed: [UInt8]?) throws -> (sample: LotSampleRecord, plan: LotPlan) {
        let lot = try lot(lotID)
        guard let planRecord = try ledger.plan(lotID: lotID) else { throw InspectionError.unknown(what: "plan of lot \(lotID)") }
        if let existing = try ledger.sample(lotID: lotID) {
            guard seed == nil || seed.map(Hex.encode) == existing.seed else {
                throw InspectionError.alreadyDone(lot: lotID, what: "a sample was drawn already with seed \(existing.seed)")
            }
            return (existing, planRecord.plan)
        }
        let state = try ledger.classSwitching(customer: lot.customer, product: lot.product)
        guard !state.isDiscontinued else { throw SamplingError.inspectionDiscontinued }
        var plan = planRecord.plan
        if plan.classSeverities != state.severities {
            plan = try LotPlan(
                lotSize: lot.size, terms: plan.terms(basis: lot.basis), termsSource: plan.termsSource,
                classSeverities: state.planSeverities, edition: plan.edition)
        }
        let seedBytes = seed ?? SampleDraw.randomSeed()
        let serials = SampleDraw.pickList(from: lot.serials, count: plan.sampleSize, seed: seedBytes)
        let now = context.now()
        let sample = LotSampleRecord(lotID: lotID, seed: Hex.encode(seedBytes), serials: serials, drawnAt: now, drawnBy: context.actor)
        let event = AuditEvent(
            event: "lot.sampled", dropID: lot.dropID, actor: context.actor, host: context.host,
            details: ["lot": lotID, "seed": sample.seed, "sampleSize": String(serials.count), "severity": plan.severity.rawValue])
        try ledger.recordSample(sample, plan: plan, event: event, at: now)
        context.logger.info("qa: sample drawn", metadata: ["lot": "\(lotID)", "sampleSize": .stringConvertible(serials.count)])
        return (sample, plan)
    }

    /// Decides a lot from its results, before anyone signs: checks that every line names an inspector of the register
    /// whom the `qa.decide` rule admits, checks the results against the sample, and decides each defect class and the
    /// lot. Nothing is recorded; `record(_:approval:)` records the decision once the inspector signed it.
    /// - Parameters:
    ///   - lotID: the lot.
    ///   - results: the results read from the file.
    ///   - resultsDigest: the lowercase hex SHA-256 of the file's bytes, which the inspector's statement names.
    ///   - register: the register of people the inspector column names.
    ///   - rule: the pipeline's `qa.decide` rule, whose inspector duty says who may inspect.
    /// - Returns: the decision the results give.
    /// - Throws: `InspectionError` (an inspector not admitted, no sample, a decision recorded already, missing or extra
    ///   serials), `LedgerError`.
    public func decide(
        lotID: String, results: InspectionResults, resultsDigest: String, register: PersonRegister, rule: DualControlRule
    ) throws -> PendingLotDecision {
        let lot = try lot(lotID)
        guard let sample = try ledger.sample(lotID: lotID), let plan = try ledger.plan(lotID: lotID)?.plan else {
            throw InspectionError.unknown(what: "sample of lot \(lotID): draw it with `qa sample` first")
        }
        guard try ledger.decision(lotID: lotID) == nil else {
            throw InspectionError.alreadyDone(lot: lotID, what: "results were recorded already")
        }
        let inspector = rule.duties.first { $0.name == "inspector" }?.requirement ?? DutyRequirement(role: "qa-inspector")
        try results.checkInspectors(in: register, requirement: inspector)
        let decision = try LotDecision(lotID: lotID, lotSize: lot.size, plan: plan, sample: sample.serials, results: results)
        return PendingLotDecision(
            lot: lot, plan: plan, results: results, resultsDigest: resultsDigest, decision: decision)
    }

    /// Records a lot's results and decision on the `qa.decide` statement its inspector signed, and applies the
    /// switching rules of the customer and product. The decision is recorded with the inspector as the one who decided,
    /// the statement kept with its signature, and the audit events name the inspector and their key.
    /// - Parameters:
    ///   - pending: the decision, from `decide(lotID:results:resultsDigest:)`.
    ///   - approval: the verified statement of exactly this decision.
    /// - Returns: the recorded decision.
    /// - Throws: `StatementRefusal.otherRequest` for a statement of another lot, results file or decision;
    ///   `InspectionError.alreadyDone`; `LedgerError` (also when the statement was used before).
    public func record(_ pending: PendingLotDecision, approval: VerifiedStatement) throws -> LotDecisionRecord {
        if let difference = pending.difference(from: approval.statement) {
            throw StatementRefusal.otherRequest(field: difference.field, asked: difference.asked, found: difference.found)
        }
        guard let inspector = approval.signers.first(where: { $0.duty == "inspector" }) else {
            throw StatementRefusal.rule(.dutyNotNamed(duty: "inspector", action: ControlledAction.qaDecide.rawValue))
        }
        let lot = pending.lot, decision = pending.decision, lotID = lot.id
        guard try ledger.decision(lotID: lotID) == nil else {
            throw InspectionError.alreadyDone(lot: lotID, what: "results were recorded already")
        }
        var state = try ledger.classSwitching(customer: lot.customer, product: lot.product)
        // The lot is judged by the plan its sample was drawn under, and each class recorded under that plan's severity
        // for it, even when the switching rules changed the severity since (other lots decided in between). Each class
        // moves its own switching state (ISO 2859-1 clause 9).
        let inspectedUnder = pending.plan.severity
        let transitions = try state.record(decision, plan: pending.plan)
        var decided = decision
        for index in decided.classes.indices {
            decided.classes[index].transition = transitions[decided.classes[index].defectClass]
        }
        let first = DefectClass.allCases.first { transitions[$0] != nil }
        let transition = first.flatMap { defectClass in
            transitions[defectClass].map { change in
                var named = change
                named.reason = "\(defectClass.rawValue): \(change.reason)"
                return named
            }
        }
        let now = context.now()
        let record = LotDecisionRecord(
            lot: lot.lot, severity: inspectedUnder, decision: decided, transition: transition, decidedAt: now,
            recordedBy: inspector.person.id,
            signature: LotDecisionSignature(
                statement: approval.digest, inspectorName: inspector.person.name, inspectorKey: inspector.keyFingerprint))
        var events = [
            signedEvent(
                decision.accepted ? "lot.accepted" : "lot.rejected", dropID: lot.dropID, approval: approval,
                details: [
                    "lot": lotID, "inspected": String(decision.inspected), "defective": String(decision.defective),
                    "qualificationRate": String(format: "%.2f", decision.qualificationRate),
                    "resultsSha256": pending.resultsDigest,
                ])
        ]
        for defectClass in DefectClass.allCases {
            guard let transition = transitions[defectClass] else { continue }
            events.append(
                signedEvent(
                    "switching.\(transition.event.rawValue)", dropID: lot.dropID, approval: approval,
                    details: [
                        "customer": lot.customer, "product": lot.product, "class": defectClass.rawValue,
                        "severity": transition.severity.rawValue, "reason": transition.reason,
                    ]))
        }
        try ledger.recordDecision(
            record, findings: pending.results.findings, state: state, events: events, statement: approval.record(at: now),
            at: now)
        context.logger.info(
            "qa: lot decided",
            metadata: ["lot": "\(lotID)", "accepted": .stringConvertible(decision.accepted), "inspector": "\(inspector.person.id)"])
        return record
    }

    /// An audit event of a decision the inspector signed: the actor is the inspector, the key theirs, and the details
    /// carry the statement's digest (the event's own details come first).
    private func signedEvent(
        _ name: String, dropID: String, approval: VerifiedStatement, details: [String: String]
    ) -> AuditEvent {
        AuditEvent(
            event: name, dropID: dropID, actor: approval.actor, host: context.host, key: approval.keys,
            details: details.merging(approval.auditDetails) { own, _ in own })
    }

    /// Resumes inspection of a discontinued customer and product on tightened inspection.
    /// - Throws: `SamplingError` when inspection is not discontinued or who/why is missing; `LedgerError`.
    public func resume(customer: String, product: String, by person: String, reason: String) throws -> [DefectClass: SwitchingTransition] {
        var check = try ledger.classSwitching(customer: customer, product: product)
        _ = try check.resume(by: person, reason: reason)
        let event = AuditEvent(
            event: "switching.resumed", actor: context.actor, host: context.host, details: ["customer": customer, "product": product])
        return try ledger.resumeInspection(customer: customer, product: product, by: person, reason: reason, event: event, at: context.now())
    }
}
