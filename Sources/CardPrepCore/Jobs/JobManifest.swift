/// The job manifest of a transformed drop (`work/<drop>/jobs/jobs.json`, format `cardprep-jobs/1`): which
/// personalisation jobs were made for which stations, how they are split into batches (trays), and the counts
/// per order line, branch and product. It holds no card data and is read by reconciliation and inspection.
public struct JobManifest: Codable, Sendable, Equatable {
    /// The kinds of production station a job is made for.
    public enum StationKind: String, Codable, Sendable, CaseIterable {
        case embosser
        case laserEngraver = "laser-engraver"
        case chipEncoder = "chip-encoder"
    }

    /// One job: the cards of one product for one station, in one encrypted job file.
    public struct Job: Codable, Sendable, Equatable {
        /// `<drop id, 12 hex>-J<nn>`.
        public var id: String
        /// The machine profile's id.
        public var machine: String
        public var station: StationKind
        public var product: String
        /// The machine profile's output layout.
        public var layout: String
        /// The job file's name in the jobs folder (age-encrypted to the station).
        public var file: String
        /// SHA-256 of the encrypted job file.
        public var sha256: String
        public var cards: Int
        public var batches: [Batch]

        /// Creates a job.
        public init(id: String, machine: String, station: StationKind, product: String, layout: String, file: String,
                    sha256: String, cards: Int, batches: [Batch]) {
            self.id = id; self.machine = machine; self.station = station; self.product = product; self.layout = layout
            self.file = file; self.sha256 = sha256; self.cards = cards; self.batches = batches
        }
    }

    /// One batch: a tray of cards for one branch, consecutive in the job file.
    public struct Batch: Codable, Sendable, Equatable {
        /// `<job id>-B<nnn>`.
        public var id: String
        public var branch: String
        /// The order lines whose cards are in the batch.
        public var orderLines: [Int]
        /// The position in the job file of the batch's first card (from 1).
        public var firstSequence: Int
        public var cards: Int

        /// Creates a batch.
        public init(id: String, branch: String, orderLines: [Int], firstSequence: Int, cards: Int) {
            self.id = id; self.branch = branch; self.orderLines = orderLines; self.firstSequence = firstSequence; self.cards = cards
        }
    }

    /// Ordered against accepted and rejected cards for one order line.
    public struct LineCount: Codable, Sendable, Equatable {
        public var orderLine: Int
        public var product: String
        public var branch: String
        public var ordered: Int
        public var accepted: Int
        public var rejected: Int

        /// Creates a count.
        public init(orderLine: Int, product: String, branch: String, ordered: Int, accepted: Int, rejected: Int) {
            self.orderLine = orderLine; self.product = product; self.branch = branch
            self.ordered = ordered; self.accepted = accepted; self.rejected = rejected
        }
    }

    /// The format name this version writes.
    public static let formatName = "cardprep-jobs/1"

    public var format: String
    /// The drop's ledger identity (manifest SHA-256).
    public var dropID: String
    public var customer: String
    public var orderID: String
    public var contract: String
    /// When the jobs were made (ISO 8601, from the run's clock).
    public var created: String
    public var jobs: [Job]
    public var lines: [LineCount]

    /// Creates a manifest.
    public init(dropID: String, customer: String, orderID: String, contract: String, created: String, jobs: [Job], lines: [LineCount]) {
        self.format = Self.formatName
        self.dropID = dropID; self.customer = customer; self.orderID = orderID; self.contract = contract
        self.created = created; self.jobs = jobs; self.lines = lines
    }

    /// Every batch of every job, in job order.
    public var batches: [Batch] { jobs.flatMap(\.batches) }
}
