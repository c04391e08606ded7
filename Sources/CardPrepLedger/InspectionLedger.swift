import CardPrepCore
import Foundation
import GRDB

/// QA inspection: lots, plans, samples, results, decisions and the switching state per customer, product and class.
/// Every change is one transaction with its audit event.
extension Ledger {
    /// Records a lot and its plan; a lot recorded already is left as it is.
    /// - Returns: true when the lot is new.
    @discardableResult
    public func recordLot(_ lot: Lot, plan: LotPlan, event: AuditEvent, at time: Date) throws(LedgerError) -> Bool {
        try write("record lot \(lot.id)") { db in
            guard try InspectionLotRecord.fetchOne(db, key: lot.id) == nil else { return false }
            try InspectionLotRecord(lot, createdAt: time).insert(db)
            try LotPlanRecord(lotID: lot.id, plan: plan, plannedAt: time).insert(db)
            try Self.append(event, at: time, in: db)
            return true
        }
    }

    /// The lot recorded under `id`.
    public func lot(id: String) throws(LedgerError) -> InspectionLotRecord? {
        try read("read lot") { try InspectionLotRecord.fetchOne($0, key: id) }
    }

    /// Lots, oldest first; optionally of one drop, or of one customer and product.
    public func lots(dropID: String? = nil, customer: String? = nil, product: String? = nil) throws(LedgerError) -> [InspectionLotRecord] {
        try read("list lots") { db in
            var request = InspectionLotRecord.all()
            if let dropID { request = request.filter(Column("dropID") == dropID) }
            if let customer { request = request.filter(Column("customer") == customer) }
            if let product { request = request.filter(Column("product") == product) }
            return try request.order(Column("createdAt"), Column("id")).fetchAll(db)
        }
    }

    /// The plan of a lot.
    public func plan(lotID: String) throws(LedgerError) -> LotPlanRecord? {
        try read("read plan") { try LotPlanRecord.fetchOne($0, key: lotID) }
    }

    /// Records the sample drawn from a lot, with the plan it was drawn for (re-made when the severity changed).
    /// - Throws: `LedgerError.query` when a sample is recorded already.
    public func recordSample(_ sample: LotSampleRecord, plan: LotPlan, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record sample of lot \(sample.lotID)") { db in
            guard var planRecord = try LotPlanRecord.fetchOne(db, key: sample.lotID) else {
                throw LedgerError.notFound(what: "plan of lot \(sample.lotID)")
            }
            if planRecord.plan != plan {
                planRecord.plan = plan
                planRecord.plannedAt = time
                try planRecord.update(db)
            }
            try sample.insert(db)
            try Self.append(event, at: time, in: db)
        }
    }

    /// The sample drawn from a lot, if any.
    public func sample(lotID: String) throws(LedgerError) -> LotSampleRecord? {
        try read("read sample") { try LotSampleRecord.fetchOne($0, key: lotID) }
    }

    /// Records a lot's results and decision and the new switching state, in one transaction, with the signed
    /// statement the inspector decided on.
    /// - Throws: `LedgerError.query` when the lot has a decision already, or the statement was used before.
    public func recordDecision(
        _ decision: LotDecisionRecord, findings: [InspectionFinding], state: ClassSwitching, events: [AuditEvent],
        statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) {
        try write("record decision of lot \(decision.lotID)") { db in
            if let statement { try Self.record(statement, in: db) }
            for (index, finding) in findings.enumerated() {
                try LotResultRecord(
                    lotID: decision.lotID, line: index + 1, serial: finding.serial, defectClass: finding.defectClass,
                    defectCode: finding.defectCode, inspector: finding.inspector
                ).insert(db)
            }
            try decision.insert(db)
            try Self.save(state, customer: decision.customer, product: decision.product, at: time, in: db)
            for event in events { try Self.append(event, at: time, in: db) }
        }
    }

    /// The decision on a lot, if recorded.
    public func decision(lotID: String) throws(LedgerError) -> LotDecisionRecord? {
        try read("read decision") { try LotDecisionRecord.fetchOne($0, key: lotID) }
    }

    /// The results recorded for a lot, in file order.
    public func results(lotID: String) throws(LedgerError) -> [InspectionFinding] {
        try read("read results") { try LotResultRecord.filter(Column("lotID") == lotID).order(Column("line")).fetchAll($0).map(\.finding) }
    }

    /// The decisions of a customer and product, oldest first, at most `limit` of the latest; with `decidedUpTo`, only
    /// those decided before it, and it.
    public func decisions(
        customer: String, product: String, limit: Int = 20, decidedUpTo last: LotDecisionRecord? = nil
    ) throws(LedgerError) -> [LotDecisionRecord] {
        try read("list decisions") { db in
            var request = LotDecisionRecord.filter(Column("customer") == customer && Column("product") == product)
            if let last {
                request = request.filter(
                    Column("decidedAt") < last.decidedAt || (Column("decidedAt") == last.decidedAt && Column("lotID") <= last.lotID))
            }
            return try request.order(Column("decidedAt").desc, Column("lotID").desc).limit(limit).fetchAll(db).reversed()
        }
    }

    /// Resumes inspection of a discontinued customer and product on tightened inspection (each discontinued class),
    /// recording who and why.
    /// - Returns: the transition of each class resumed.
    /// - Throws: `LedgerError.query` wrapping `SamplingError.notDiscontinued` or `.missingResumeDetails`.
    public func resumeInspection(
        customer: String, product: String, by person: String, reason: String, event: AuditEvent, at time: Date
    ) throws(LedgerError) -> [DefectClass: SwitchingTransition] {
        try write("resume inspection of \(customer)/\(product)") { db in
            var state = try Self.classSwitching(customer: customer, product: product, in: db)
            let transition = try state.resume(by: person, reason: reason)
            try Self.save(state, customer: customer, product: product, at: time, in: db)
            try SwitchingResumptionRecord(customer: customer, product: product, person: person, reason: reason, resumedAt: time).insert(db)
            var event = event
            event.details["reason"] = reason
            event.details["by"] = person
            event.details["classes"] = transition.keys.sorted().map(\.rawValue).joined(separator: ",")
            try Self.append(event, at: time, in: db)
            return transition
        }
    }

    /// Resumptions recorded for a customer and product, oldest first.
    public func resumptions(customer: String, product: String) throws(LedgerError) -> [SwitchingResumptionRecord] {
        try read("list resumptions") { db in
            try SwitchingResumptionRecord.filter(Column("customer") == customer && Column("product") == product)
                .order(Column("resumedAt")).fetchAll(db)
        }
    }
}
