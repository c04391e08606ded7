import CardPrepCore

/// Where each accepted record of a drop goes: for its product and branch, the job files of the machines that
/// make the product (a product may go to several) and the branch's segment in each.
struct JobRoutes {
    private struct Key: Hashable {
        let product: String
        let branch: String
    }

    private struct Target {
        let writer: JobFileWriter
        let segment: Int
        let orderLines: Set<Int>
    }

    private var targets: [Key: [Target]] = [:]

    /// The routes to the segments of `writers`.
    init(writers: [JobFileWriter]) {
        for writer in writers {
            for (index, segment) in writer.segments.enumerated() {
                targets[Key(product: writer.job.product, branch: segment.branch), default: []]
                    .append(Target(writer: writer, segment: index, orderLines: segment.orderLines))
            }
        }
    }

    /// The job files and segments `record` (accepted by validation) belongs in.
    func targets(of record: CardDataRecord) -> [(writer: JobFileWriter, segment: Int)] {
        guard let targets = targets[Key(product: record.productCode, branch: record.branchCode)] else { return [] }
        return targets.filter { $0.orderLines.contains(record.orderLine) }.map { ($0.writer, $0.segment) }
    }
}
