import CardPrepCore

/// The jobs of a drop before they are written: one job per product and machine, its cards ordered by
/// branch in the order's delivery route (the order in which the order lists its branches) and split into
/// batches of the machine's tray size, so that packing follows delivery.
struct JobPlan {
    struct PlannedJob {
        var id: String
        var machine: MachineProfile
        var product: String
        /// One run of batches per branch with cards, in the order's route.
        var runs: [JobManifest.BatchRun]
        var cards: Int { runs.reduce(0) { $0 + $1.cards } }
        var batchCount: Int { runs.reduce(0) { $0 + $1.batchCount } }
    }

    var jobs: [PlannedJob] = []

    init(dropID: String, order: Order, summary: ValidationSummary, machines: [String: [MachineProfile]]) {
        let route = order.customerUnit.branches.map(\.code)
        var products: [String] = []
        for line in order.lines where !products.contains(line.productCode) { products.append(line.productCode) }
        for product in products {
            for machine in machines[product] ?? [] {
                let id = "\(dropID.prefix(12))-J\(String(format: "%02d", jobs.count + 1))"
                var runs: [JobManifest.BatchRun] = []
                var sequence = 1, batches = 0
                for branch in route {
                    let lines = summary.lines.filter { $0.product == product && $0.branch == branch && $0.accepted > 0 }
                    let cards = lines.reduce(0) { $0 + $1.accepted }
                    guard cards > 0 else { continue }
                    let run = JobManifest.BatchRun(
                        branch: branch, orderLines: lines.map(\.orderLine), firstSequence: sequence, cards: cards,
                        traySize: machine.traySize, firstNumber: batches + 1)
                    runs.append(run)
                    sequence += cards
                    batches += run.batchCount
                }
                if !runs.isEmpty { jobs.append(PlannedJob(id: id, machine: machine, product: product, runs: runs)) }
            }
        }
    }
}
