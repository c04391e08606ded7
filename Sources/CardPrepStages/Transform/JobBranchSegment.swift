import CardPrepCore

/// The part of a job file that holds one branch's cards: the branch's run of batches, and where the next card of the
/// branch goes (its batch and sequence number).
struct JobBranchSegment {
    /// The branch code.
    var branch: String { run.branch }
    /// The order lines whose accepted records belong here.
    let orderLines: Set<Int>
    /// Where the branch's cards are delivered, as printed on their carriers.
    let carrierAddress: CarrierAddress?
    /// The branch's batches, in job file order.
    let run: JobManifest.BatchRun
    /// The job the segment is part of.
    let jobID: String
    /// The cards the plan puts in this segment.
    var planned: Int { run.cards }
    /// The cards taken so far (given a place).
    private(set) var taken = 0
    /// The cards whose lines have been written (to the job file or the spool).
    private(set) var written = 0
    /// The id of the batch of the next card.
    private var batch: String
    /// Lines that arrived before the job file reached this branch.
    var spool: SpooledBranchSegment?

    /// The segments of `job`, in the order of its runs (the order's route).
    static func segments(
        of job: JobPlan.PlannedJob, carrierAddresses: [String: PostalAddress], carrierLayout: CarrierLayout
    ) -> [JobBranchSegment] {
        job.runs.map { run in
            JobBranchSegment(
                orderLines: Set(run.orderLines), carrierAddress: carrierAddresses[run.branch].map { CarrierAddress($0, layout: carrierLayout) },
                run: run, jobID: job.id)
        }
    }

    private init(orderLines: Set<Int>, carrierAddress: CarrierAddress?, run: JobManifest.BatchRun, jobID: String) {
        self.orderLines = orderLines
        self.carrierAddress = carrierAddress
        self.run = run
        self.jobID = jobID
        batch = run.batchID(job: jobID, cardAt: 0)
    }

    /// Whether the segment has all its planned cards (later records of the branch are not taken).
    var isComplete: Bool { taken >= planned }

    /// The sequence number and batch of the next card; call ``advance()`` once it is written.
    var nextPlace: (sequence: Int, batch: String) { (run.firstSequence + taken, batch) }

    /// Whether every planned card's line has been written.
    var isWrittenOut: Bool { written >= planned }

    /// Counts a line written.
    mutating func noteWritten() { written += 1 }

    /// Moves on past the card just given a place.
    mutating func advance() {
        taken += 1
        if taken % run.traySize == 0, taken < planned { batch = run.batchID(job: jobID, cardAt: taken) }
    }
}
