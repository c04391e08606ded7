import CardPrepCore
import Foundation
import GRDB

/// A lot submitted for inspection, with its serials (never card data).
public struct InspectionLotRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "inspectionLot"
    public static var databaseTableName: String { tableName }
    public var id: String
    public var dropID: String
    public var basis: LotBasis
    public var customer: String
    public var product: String
    public var orderID: String
    public var contract: String
    public var orderedQuantity: Int
    public var size: Int
    /// The serials, stored as a JSON array.
    public var serials: [String]
    public var createdAt: Date

    /// The record of a lot.
    public init(_ lot: Lot, createdAt: Date) {
        id = lot.id; dropID = lot.dropID; basis = lot.basis; customer = lot.customer; product = lot.product
        orderID = lot.orderID; contract = lot.contract; orderedQuantity = lot.orderedQuantity; size = lot.size
        serials = lot.serials; self.createdAt = createdAt
    }

    /// The lot recorded.
    public var lot: Lot {
        Lot(id: id, basis: basis, dropID: dropID, customer: customer, product: product, orderID: orderID, contract: contract,
            orderedQuantity: orderedQuantity, serials: serials)
    }
}

/// A lot's plan; replaced while no sample is drawn when the switching rules change the severity.
public struct LotPlanRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "lotPlan"
    public static var databaseTableName: String { tableName }
    public var lotID: String
    public var plan: LotPlan
    public var plannedAt: Date

    /// Creates a record.
    public init(lotID: String, plan: LotPlan, plannedAt: Date) { self.lotID = lotID; self.plan = plan; self.plannedAt = plannedAt }
}

/// The sample drawn from a lot: the seed that reproduces it and the pick list in draw order.
public struct LotSampleRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "lotSample"
    public static var databaseTableName: String { tableName }
    public var lotID: String
    /// 64 hex digits.
    public var seed: String
    public var serials: [String]
    public var drawnAt: Date
    public var drawnBy: String

    /// Creates a record.
    public init(lotID: String, seed: String, serials: [String], drawnAt: Date, drawnBy: String) {
        self.lotID = lotID; self.seed = seed; self.serials = serials; self.drawnAt = drawnAt; self.drawnBy = drawnBy
    }
}

/// One line of a lot's inspection results.
public struct LotResultRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "lotResult"
    public static var databaseTableName: String { tableName }
    public var lotID: String
    /// The line's position in the results file (from 1).
    public var line: Int
    public var serial: String
    public var defectClass: DefectClass?
    public var defectCode: String
    public var inspector: String

    /// The finding as a core value.
    public var finding: InspectionFinding {
        InspectionFinding(serial: serial, defectClass: defectClass, defectCode: defectCode, inspector: inspector)
    }
}

/// The decision on a lot and the switching change it caused, with the inspector who signed it.
public struct LotDecisionRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "lotDecision"
    public static var databaseTableName: String { tableName }
    public var lotID: String
    public var customer: String
    public var product: String
    /// The severity the lot was inspected under.
    public var severity: InspectionSeverity
    public var accepted: Bool
    public var decision: LotDecision
    public var transition: SwitchingTransition?
    public var decidedAt: Date
    /// Who decided: the person id of the inspector whose signed statement verified (before signed decisions, the
    /// actor of the command, `system`).
    public var recordedBy: String
    /// The SHA-256 of the `qa.decide` statement the inspector signed (its row in `signedStatement`); nil for decisions
    /// recorded before decisions were signed.
    public var statement: String?
    /// The inspector's name in the register when the statement verified.
    public var inspectorName: String?
    /// The `SHA256:` fingerprint of the key the inspector signed with.
    public var inspectorKey: String?

    /// Creates a record.
    public init(lot: Lot, severity: InspectionSeverity, decision: LotDecision, transition: SwitchingTransition?,
                decidedAt: Date, recordedBy: String, signature: LotDecisionSignature? = nil) {
        lotID = lot.id; customer = lot.customer; product = lot.product; self.severity = severity
        accepted = decision.accepted; self.decision = decision; self.transition = transition
        self.decidedAt = decidedAt; self.recordedBy = recordedBy
        statement = signature?.statement; inspectorName = signature?.inspectorName; inspectorKey = signature?.inspectorKey
    }

    /// The inspector's signature of the decision, when it was signed.
    public var signature: LotDecisionSignature? {
        guard let statement, let inspectorName, let inspectorKey else { return nil }
        return LotDecisionSignature(statement: statement, inspectorName: inspectorName, inspectorKey: inspectorKey)
    }
}

/// What the ledger keeps of the statement an inspector signed a lot's decision on (the statement itself, with its
/// signature, is a `SignedStatementRecord`).
public struct LotDecisionSignature: Sendable, Equatable {
    /// The statement's SHA-256, lowercase hex.
    public var statement: String
    /// The inspector's name in the register.
    public var inspectorName: String
    /// The fingerprint of the key that signed.
    public var inspectorKey: String

    /// Creates a signature record.
    public init(statement: String, inspectorName: String, inspectorKey: String) {
        self.statement = statement; self.inspectorName = inspectorName; self.inspectorKey = inspectorKey
    }
}

/// The switching state of one customer and product, kept across lots.
public struct SwitchingStateRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "switchingState"
    public static var databaseTableName: String { tableName }
    public var customer: String
    public var product: String
    public var state: SwitchingState
    public var updatedAt: Date
}

/// A decision to resume inspection after a discontinuation: who and why.
public struct SwitchingResumptionRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "switchingResumption"
    public static var databaseTableName: String { tableName }
    public var customer: String
    public var product: String
    public var person: String
    public var reason: String
    public var resumedAt: Date
}
