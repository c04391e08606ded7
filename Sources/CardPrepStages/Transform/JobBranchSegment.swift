import CardPrepCore

/// The part of a job file that holds one branch's cards: the branch's batches in order, and where the
/// next card of the branch goes (its batch and sequence number).
struct JobBranchSegment {
    /// The branch code.
    let branch: String
    /// The order lines whose accepted records belong here.
    let orderLines: Set<Int>
    /// Where the branch's cards are delivered, as printed on their carriers.
    let carrierAddress: CarrierAddress?
    /// The branch's batches, in job file order.
    let batches: [JobManifest.Batch]
    /// The cards the plan puts in this segment.
    let planned: Int
    /// The cards taken so far (given a place).
    private(set) var taken = 0
    /// The cards whose lines have been written (to the job file or the spool).
    private(set) var written = 0
    private var batchIndex = 0
    private var inBatch = 0
    /// Lines that arrived before the job file reached this branch.
    var spool: SpooledBranchSegment?

    /// The segments of `job`, in the order its batches list their branches (the order's route).
    static func segments(
        of job: JobPlan.PlannedJob, carrierAddresses: [String: PostalAddress], carrierLayout: CarrierLayout
    ) -> [JobBranchSegment] {
        var branches: [String] = []
        for batch in job.batches where !branches.contains(batch.branch) { branches.append(batch.branch) }
        return branches.map { branch in
            let batches = job.batches.filter { $0.branch == branch }
            return JobBranchSegment(
                branch: branch, orderLines: Set(batches.flatMap(\.orderLines)),
                carrierAddress: carrierAddresses[branch].map { CarrierAddress($0, layout: carrierLayout) },
                batches: batches, planned: batches.reduce(0) { $0 + $1.cards })
        }
    }

    private init(branch: String, orderLines: Set<Int>, carrierAddress: CarrierAddress?, batches: [JobManifest.Batch], planned: Int) {
        self.branch = branch
        self.orderLines = orderLines
        self.carrierAddress = carrierAddress
        self.batches = batches
        self.planned = planned
    }

    /// Whether the segment has all its planned cards (later records of the branch are not taken).
    var isComplete: Bool { taken >= planned }

    /// The sequence number and batch of the next card; call ``advance()`` once it is written.
    var nextPlace: (sequence: Int, batch: String) {
        (batches[batchIndex].firstSequence + inBatch, batches[batchIndex].id)
    }

    /// Whether every planned card's line has been written.
    var isWrittenOut: Bool { written >= planned }

    /// Counts a line written.
    mutating func noteWritten() { written += 1 }

    /// Moves on past the card just given a place.
    mutating func advance() {
        taken += 1
        inBatch += 1
        if inBatch == batches[batchIndex].cards, batchIndex + 1 < batches.count {
            batchIndex += 1
            inBatch = 0
        }
    }
}
