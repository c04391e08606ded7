import CardPrepCore

/// The jobs of a drop before they are written: one job per product and machine, its cards ordered by
/// branch in the order's delivery route (the order in which the order lists its branches) and split into
/// batches of the machine's tray size, so that packing follows delivery.
struct JobPlan {
    struct PlannedJob {
        var id: String
        var machine: MachineProfile
        var product: String
        var batches: [JobManifest.Batch]
        var cards: Int { batches.reduce(0) { $0 + $1.cards } }
    }

    var jobs: [PlannedJob] = []

    init(dropID: String, order: Order, summary: ValidationSummary, machines: [String: [MachineProfile]]) {
        let route = order.customerUnit.branches.map(\.code)
        var products: [String] = []
        for line in order.lines where !products.contains(line.productCode) { products.append(line.productCode) }
        for product in products {
            for machine in machines[product] ?? [] {
                let id = "\(dropID.prefix(12))-J\(String(format: "%02d", jobs.count + 1))"
                var batches: [JobManifest.Batch] = []
                var sequence = 1
                for branch in route {
                    let lines = summary.lines.filter { $0.product == product && $0.branch == branch && $0.accepted > 0 }
                    var remaining = lines.reduce(0) { $0 + $1.accepted }
                    while remaining > 0 {
                        let count = min(remaining, machine.traySize)
                        batches.append(JobManifest.Batch(id: "\(id)-B\(String(format: "%03d", batches.count + 1))", branch: branch,
                                                         orderLines: lines.map(\.orderLine), firstSequence: sequence, cards: count))
                        sequence += count
                        remaining -= count
                    }
                }
                if !batches.isEmpty { jobs.append(PlannedJob(id: id, machine: machine, product: product, batches: batches)) }
            }
        }
    }
}
