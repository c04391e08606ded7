import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep shipping`: the shipping plans made when drops' jobs are issued.
struct ShippingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shipping",
        abstract: "Show shipping plans: per order, the shipments, boxes, carriers and whether the due date can be met.",
        discussion: """
            A drop's shipping plan is made when its jobs are issued, from the order's delivery method, priority and due \
            date and the customer profile's shipping rules (carriers, box capacities, production days). It is kept in \
            the ledger and written for the floor to <jobs_outbox>/shipping/<customer>_<order>.shipping-plan.txt (and .json).

            Examples: cardprep shipping plans Pipelines/sample.yml
                      cardprep shipping plan Pipelines/sample.yml cust-01/drop-20261101-01 --json
            """,
        subcommands: [ShippingPlanCommand.self, ShippingPlansCommand.self]
    )
}

/// `cardprep shipping plan PIPELINE DROP [--json]`.
struct ShippingPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "One drop's shipping plan: shipments with address, contact, carrier, dispatch-by day and boxes.",
        discussion: """
            Example: cardprep shipping plan Pipelines/sample.yml cust-01/drop-20261101-01
            """)

    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String
    @Argument(help: "The drop: its id (8 or more hex characters are enough) or customer/drop.")
    var drop: String
    @Flag(help: "Print the plan as JSON (format cardprep-shipping-plan/1).")
    var json = false

    func validate() throws { CommandFailure.json = json }

    func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: false, json: json)
        let record = try environment.drop(drop)
        let found = try failing { try environment.ledger.shippingPlan(dropID: record.id) }
        guard let plan = found else {
            throw CommandFailure.report(
                "drop \(record.label) is \(record.state.words) and has no shipping plan: a plan is made when the drop's jobs "
                    + "are issued (transform)", code: .refused)
        }
        if json { return try printJSON(plan, format: .shippingPlan) }
        print("Drop \(record.label), \(record.state.words)")
        print(plan.text, terminator: "")
    }
}

/// `cardprep shipping plans PIPELINE [--all] [--json]`.
struct ShippingPlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "The plans still to ship, in the order to ship them: urgent orders first, then by due date.",
        discussion: """
            Lists the plans of drops not yet archived or withdrawn (with --all, every plan), each with its priority, due \
            date, earliest dispatch, boxes, cards, carriers and whether it can meet its due date.

            Example: cardprep shipping plans Pipelines/sample.yml --json
            """)

    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String
    @Flag(help: "Also the plans of drops archived or withdrawn.")
    var all = false
    @Flag(help: "Print the plans as JSON (format cardprep-shipping-plans/1).")
    var json = false

    func validate() throws { CommandFailure.json = json }

    struct Listing: Encodable {
        var format = "cardprep-shipping-plans/1"
        var plans: [Entry]
    }

    struct Entry: Encodable {
        var drop: String
        var state: String
        var plan: ShippingPlan
        var meetsDueDate: Bool
    }

    func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: false, json: json)
        let ledger = environment.ledger
        var entries: [Entry] = []
        let plans = try failing { try ledger.shippingPlans() }
        for plan in plans.sorted(by: ShippingPlan.shippingOrder) {
            let found = try failing { try ledger.drop(id: plan.dropID) }
            guard let drop = found else { continue }
            if !all, drop.state == .archived || drop.state == .withdrawn { continue }
            entries.append(Entry(drop: drop.label, state: drop.state.rawValue, plan: plan, meetsDueDate: plan.meetsDueDate))
        }
        if json { return try printJSON(Listing(plans: entries), format: .shippingPlans) }
        guard !entries.isEmpty else { return print(all ? "no shipping plan" : "no shipping plan to ship (--all lists every plan)") }
        for entry in entries {
            let plan = entry.plan
            let carriers = Array(Set(plan.shipments.map { $0.carrier ?? "no carrier" })).sorted().joined(separator: ", ")
            print("\(plan.priority.rawValue.uppercased()) due \(plan.dueDate)  order \(plan.orderID)  drop \(entry.drop), "
                  + "\(entry.state)")
            print("    \(plan.shipments.count) shipment(s), \(plan.boxCount) box(es), \(plan.cards) card(s) by \(carriers); "
                  + "earliest dispatch \(plan.earliestDispatch); "
                  + (plan.meetsDueDate ? "meets the due date" : "CANNOT MEET the due date"))
            for problem in plan.problems { print("    - \(problem)") }
        }
    }
}
