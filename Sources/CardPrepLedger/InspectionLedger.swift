import CardPrepCore
import Foundation

/// QA inspection: lots, plans, samples, results, decisions and the switching state per customer, product and class.
/// Every change is one transaction with its audit event.
extension Ledger {
    /// Records a lot and its plan; a lot recorded already is left as it is.
    /// - Returns: true when the lot is new.
    @discardableResult
    public func recordLot(_ lot: Lot, plan: LotPlan, event: AuditEvent, at time: Date) throws(LedgerError) -> Bool {
        try write("record lot \(lot.id)") { transaction in
            guard try InspectionLotRecord.find(lot.id, in: transaction) == nil else { return false }
            try transaction.insert(InspectionLotRecord(lot, createdAt: time))
            try transaction.insert(LotPlanRecord(lotID: lot.id, plan: plan, plannedAt: time))
            try Self.append(event, at: time, in: transaction)
            return true
        }
    }

    /// The lot recorded under `id`.
    public func lot(id: String) throws(LedgerError) -> InspectionLotRecord? {
        try read("read lot") { try InspectionLotRecord.find(id, in: $0) }
    }

    /// Lots, oldest first; optionally of one drop, or of one customer and product.
    public func lots(dropID: String? = nil, customer: String? = nil, product: String? = nil) throws(LedgerError) -> [InspectionLotRecord] {
        var conditions: [String] = []
        var arguments: [LedgerValue] = []
        for (column, value) in [("dropID", dropID), ("customer", customer), ("product", product)] {
            guard let value else { continue }
            conditions.append("\(quoted(column)) = ?")
            arguments.append(.text(value))
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read("list lots") {
            try $0.records(
                InspectionLotRecord.self, #"SELECT * FROM "inspectionLot""# + filter + #" ORDER BY "createdAt", "id""#, arguments)
        }
    }

    /// The plan of a lot.
    public func plan(lotID: String) throws(LedgerError) -> LotPlanRecord? {
        try read("read plan") { try LotPlanRecord.find(lotID, in: $0) }
    }

    /// Records the sample drawn from a lot, with the plan it was drawn for (re-made when the severity changed).
    /// - Throws: `LedgerError.query` when a sample is recorded already.
    public func recordSample(_ sample: LotSampleRecord, plan: LotPlan, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record sample of lot \(sample.lotID)") { transaction in
            guard var planRecord = try LotPlanRecord.find(sample.lotID, in: transaction) else {
                throw LedgerError.notFound(what: "plan of lot \(sample.lotID)")
            }
            if planRecord.plan != plan {
                planRecord.plan = plan
                planRecord.plannedAt = time
                try transaction.update(planRecord)
            }
            try transaction.insert(sample)
            try Self.append(event, at: time, in: transaction)
        }
    }

    /// The sample drawn from a lot, if any.
    public func sample(lotID: String) throws(LedgerError) -> LotSampleRecord? {
        try read("read sample") { try $0.record(LotSampleRecord.self, #"SELECT * FROM "lotSample" WHERE "lotID" = ?"#, [.text(lotID)]) }
    }

    /// Records a lot's results and decision and the new switching state, in one transaction, with the signed
    /// statement the inspector decided on.
    /// - Throws: `LedgerError.query` when the lot has a decision already, or the statement was used before.
    public func recordDecision(
        _ decision: LotDecisionRecord, findings: [InspectionFinding], state: ClassSwitching, events: [AuditEvent],
        statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) {
        try write("record decision of lot \(decision.lotID)") { transaction in
            if let statement { try Self.record(statement, in: transaction) }
            for (index, finding) in findings.enumerated() {
                try transaction.insert(LotResultRecord(
                    lotID: decision.lotID, line: index + 1, serial: finding.serial, defectClass: finding.defectClass,
                    defectCode: finding.defectCode, inspector: finding.inspector))
            }
            try transaction.insert(decision)
            try Self.save(state, customer: decision.customer, product: decision.product, at: time, in: transaction)
            for event in events { try Self.append(event, at: time, in: transaction) }
        }
    }

    /// The decision on a lot, if recorded.
    public func decision(lotID: String) throws(LedgerError) -> LotDecisionRecord? {
        try read("read decision") {
            try $0.record(LotDecisionRecord.self, #"SELECT * FROM "lotDecision" WHERE "lotID" = ?"#, [.text(lotID)])
        }
    }

    /// The results recorded for a lot, in file order.
    public func results(lotID: String) throws(LedgerError) -> [InspectionFinding] {
        try read("read results") {
            try $0.records(LotResultRecord.self, #"SELECT * FROM "lotResult" WHERE "lotID" = ? ORDER BY "line""#, [.text(lotID)])
                .map(\.finding)
        }
    }

    /// The decisions of a customer and product, oldest first, at most `limit` of the latest; with `decidedUpTo`, only
    /// those decided before it, and it.
    public func decisions(
        customer: String, product: String, limit: Int = 20, decidedUpTo last: LotDecisionRecord? = nil
    ) throws(LedgerError) -> [LotDecisionRecord] {
        var sql = #"SELECT * FROM "lotDecision" WHERE "customer" = ? AND "product" = ?"#
        var arguments: [LedgerValue] = [.text(customer), .text(product)]
        if let last {
            sql += #" AND ("decidedAt" < ? OR ("decidedAt" = ? AND "lotID" <= ?))"#
            arguments += [.date(last.decidedAt), .date(last.decidedAt), .text(last.lotID)]
        }
        sql += #" ORDER BY "decidedAt" DESC, "lotID" DESC LIMIT ?"#
        arguments.append(.int(limit))
        return try read("list decisions") { try $0.records(LotDecisionRecord.self, sql, arguments).reversed() }
    }

    /// Resumes inspection of a discontinued customer and product on tightened inspection (each discontinued class),
    /// recording who and why.
    /// - Returns: the transition of each class resumed.
    /// - Throws: `LedgerError.query` wrapping `SamplingError.notDiscontinued` or `.missingResumeDetails`.
    public func resumeInspection(
        customer: String, product: String, by person: String, reason: String, event: AuditEvent, at time: Date
    ) throws(LedgerError) -> [DefectClass: SwitchingTransition] {
        try write("resume inspection of \(customer)/\(product)") { transaction in
            var state = try Self.classSwitching(customer: customer, product: product, in: transaction)
            let transition = try state.resume(by: person, reason: reason)
            try Self.save(state, customer: customer, product: product, at: time, in: transaction)
            try transaction.insert(
                SwitchingResumptionRecord(customer: customer, product: product, person: person, reason: reason, resumedAt: time))
            var event = event
            event.details["reason"] = reason
            event.details["by"] = person
            event.details["classes"] = transition.keys.sorted().map(\.rawValue).joined(separator: ",")
            try Self.append(event, at: time, in: transaction)
            return transition
        }
    }

    /// Resumptions recorded for a customer and product, oldest first.
    public func resumptions(customer: String, product: String) throws(LedgerError) -> [SwitchingResumptionRecord] {
        try read("list resumptions") {
            try $0.records(
                SwitchingResumptionRecord.self,
                #"SELECT * FROM "switchingResumption" WHERE "customer" = ? AND "product" = ? ORDER BY "resumedAt""#,
                [.text(customer), .text(product)])
        }
    }
}

extension InspectionLotRecord {
    /// The lot recorded under `id` in a transaction, if any.
    static func find(_ id: String, in transaction: any LedgerTransaction) throws -> InspectionLotRecord? {
        try transaction.record(InspectionLotRecord.self, #"SELECT * FROM "inspectionLot" WHERE "id" = ?"#, [.text(id)])
    }
}

extension LotPlanRecord {
    /// The plan of a lot in a transaction, if any.
    static func find(_ lotID: String, in transaction: any LedgerTransaction) throws -> LotPlanRecord? {
        try transaction.record(LotPlanRecord.self, #"SELECT * FROM "lotPlan" WHERE "lotID" = ?"#, [.text(lotID)])
    }
}
