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
        /// The job's batches, in job file order.
        public var batches: [Batch] {
            get { listed ?? runs.flatMap { $0.batches(of: id) } }
            set { listed = newValue; runs = [] }
        }
        /// How many batches the job has, without listing them.
        public var batchCount: Int { listed?.count ?? runs.reduce(0) { $0 + $1.batchCount } }
        /// The batches as a manifest read back lists them.
        private var listed: [Batch]?
        /// The batches as runs of full trays, as transform plans them: the memory of a job does not grow with its cards.
        public private(set) var runs: [BatchRun] = []

        /// Creates a job of listed batches.
        public init(id: String, machine: String, station: StationKind, product: String, layout: String, file: String,
                    sha256: String, cards: Int, batches: [Batch]) {
            self.id = id; self.machine = machine; self.station = station; self.product = product; self.layout = layout
            self.file = file; self.sha256 = sha256; self.cards = cards; self.listed = batches
        }

        /// Creates a job whose batches are runs of trays.
        public init(id: String, machine: String, station: StationKind, product: String, layout: String, file: String,
                    sha256: String, cards: Int, runs: [BatchRun]) {
            self.id = id; self.machine = machine; self.station = station; self.product = product; self.layout = layout
            self.file = file; self.sha256 = sha256; self.cards = cards; self.runs = runs
        }

        /// Calls `body` with each batch, in job file order, without listing them all at once.
        public func forEachBatch(_ body: (Batch) throws -> Void) rethrows {
            if let listed {
                for batch in listed { try body(batch) }
            } else {
                for run in runs { try run.forEachBatch(of: id, body) }
            }
        }

        private enum CodingKeys: String, CodingKey {
            case id, machine, station, product, layout, file, sha256, cards, batches
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try container.decode(String.self, forKey: .id), machine: try container.decode(String.self, forKey: .machine),
                station: try container.decode(StationKind.self, forKey: .station),
                product: try container.decode(String.self, forKey: .product),
                layout: try container.decode(String.self, forKey: .layout), file: try container.decode(String.self, forKey: .file),
                sha256: try container.decode(String.self, forKey: .sha256), cards: try container.decode(Int.self, forKey: .cards),
                batches: try container.decode([Batch].self, forKey: .batches))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(machine, forKey: .machine)
            try container.encode(station, forKey: .station)
            try container.encode(product, forKey: .product)
            try container.encode(layout, forKey: .layout)
            try container.encode(file, forKey: .file)
            try container.encode(sha256, forKey: .sha256)
            try container.encode(cards, forKey: .cards)
            try container.encode(batches, forKey: .batches)
        }

        /// Jobs are equal when they list the same batches, however each holds them.
        public static func == (lhs: Job, rhs: Job) -> Bool {
            lhs.id == rhs.id && lhs.machine == rhs.machine && lhs.station == rhs.station && lhs.product == rhs.product
                && lhs.layout == rhs.layout && lhs.file == rhs.file && lhs.sha256 == rhs.sha256 && lhs.cards == rhs.cards
                && lhs.batches == rhs.batches
        }
    }

    /// Consecutive batches of one branch in a job: full trays of `traySize` cards, the last one holding the rest.
    public struct BatchRun: Sendable, Equatable {
        public var branch: String
        /// The order lines whose cards are in the run's batches.
        public var orderLines: [Int]
        /// The position in the job file of the run's first card (from 1).
        public var firstSequence: Int
        public var cards: Int
        public var traySize: Int
        /// The number of the run's first batch in its job (from 1).
        public var firstNumber: Int

        /// Creates a run.
        public init(branch: String, orderLines: [Int], firstSequence: Int, cards: Int, traySize: Int, firstNumber: Int) {
            precondition(traySize > 0, "a tray holds at least one card")
            self.branch = branch; self.orderLines = orderLines; self.firstSequence = firstSequence; self.cards = cards
            self.traySize = traySize; self.firstNumber = firstNumber
        }

        /// How many batches the run has.
        public var batchCount: Int { (cards + traySize - 1) / traySize }

        /// The id of batch `number` of job `jobID`: `<job id>-B<nnn>`.
        public static func batchID(job jobID: String, number: Int) -> String {
            let digits = String(number)
            return jobID + "-B" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        }

        /// The batch the card at `offset` in the run (from 0) is in.
        public func batchID(job jobID: String, cardAt offset: Int) -> String {
            Self.batchID(job: jobID, number: firstNumber + min(offset, max(cards - 1, 0)) / traySize)
        }

        /// Calls `body` with each batch of the run, in order.
        public func forEachBatch(of jobID: String, _ body: (Batch) throws -> Void) rethrows {
            var offset = 0
            while offset < cards {
                let count = min(traySize, cards - offset)
                try body(
                    Batch(
                        id: Self.batchID(job: jobID, number: firstNumber + offset / traySize), branch: branch,
                        orderLines: orderLines, firstSequence: firstSequence + offset, cards: count))
                offset += count
            }
        }

        /// The run's batches.
        public func batches(of jobID: String) -> [Batch] {
            var batches: [Batch] = []
            forEachBatch(of: jobID) { batches.append($0) }
            return batches
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
