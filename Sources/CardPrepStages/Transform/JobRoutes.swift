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

    /// Hands `record` (accepted by validation) to every job file it belongs in.
    /// - Throws: as ``JobFileWriter/take(_:segment:dropID:)`` does.
    func send(_ record: CardDataRecord, dropID: String) throws {
        guard let targets = targets[Key(product: record.productCode, branch: record.branchCode)] else { return }
        for target in targets where target.orderLines.contains(record.orderLine) {
            try target.writer.take(record, segment: target.segment, dropID: dropID)
        }
    }
}
