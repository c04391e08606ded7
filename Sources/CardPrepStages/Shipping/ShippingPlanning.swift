import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// Makes a drop's shipping plan when its jobs are issued: from the order's delivery terms and the customer's
/// shipping rules, for the cards validation accepted. The plan is recorded in the ledger (the first plan of a drop is
/// kept) and written for the floor beside the job files, as text and JSON:
/// `<jobs_outbox>/shipping/<customer>_<order id>.shipping-plan.txt` and `.json`.
struct ShippingPlanning {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// The folder the floor finds shipping plans in.
    static func folder(_ pipeline: PipelineDefinition) -> String { pipeline.jobsOutbox + "/shipping" }

    /// The plan's text file for `plan`, in `folder(pipeline)`.
    static func file(_ plan: ShippingPlan, in pipeline: PipelineDefinition) -> String {
        let name = (plan.customer + "_" + plan.orderID).map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" }
        return folder(pipeline) + "/" + String(name) + ".shipping-plan.txt"
    }

    /// Plans, records and writes the shipping of `drop`'s order.
    /// - Returns: the plan the ledger holds for the drop (an earlier one when the transform is run again).
    /// - Throws: ledger and file errors.
    @discardableResult
    func plan(_ drop: DropRecord, order: Order, accepted: [Int: Int], rules: ShippingRules) throws -> ShippingPlan {
        let now = context.now()
        let made = ShippingPlanner.plan(order: order, cards: accepted, rules: rules, dropID: drop.id,
                                        plannedOn: CalendarDate(utcDayOf: now))
        var details = ["order": order.id, "priority": made.priority.rawValue, "due": made.dueDate.description,
                       "boxes": String(made.boxCount), "meetsDueDate": String(made.meetsDueDate)]
        let carriers = Set(made.shipments.compactMap(\.carrier)).sorted()
        if !carriers.isEmpty { details["carriers"] = carriers.joined(separator: ",") }
        try ledger.recordShippingPlan(
            made, event: AuditEvent(event: "shipping.planned", dropID: drop.id, actor: context.actor, host: context.host,
                                    details: details),
            at: now)
        let plan = try ledger.shippingPlan(dropID: drop.id) ?? made
        if !plan.meetsDueDate {
            context.logger.warning("shipping plan cannot meet the due date", metadata: [
                "dropID": "\(drop.id.prefix(12))", "order": "\(order.id)", "due": "\(plan.dueDate)"])
        }
        try FileManager.default.createDirectory(atPath: Self.folder(pipeline), withIntermediateDirectories: true)
        let path = Self.file(plan, in: pipeline)
        try AtomicFileWriter.write(Array(plan.text.utf8), to: path, mode: 0o640)
        try AtomicFileWriter.write(try ShippingPlanJSON.encode(plan), to: String(path.dropLast(4)) + ".json", mode: 0o640)
        return plan
    }
}

/// The JSON form of shipping plans (format `cardprep-shipping-plan/1`), keys sorted.
public enum ShippingPlanJSON {
    /// `value` as pretty-printed JSON with a final newline.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0A]
    }
}
