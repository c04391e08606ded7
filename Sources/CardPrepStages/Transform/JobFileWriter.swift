import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Writes one job file while the drop's card data streams past once.
///
/// The file holds the header, then each branch's cards in the order's route, in batches, then the trailer.
/// Cards of the branch the file has reached go straight into it; cards of a later branch wait in a
/// ``SpooledBranchSegment`` (encrypted to the drop's data key) and are copied in when the file reaches their
/// branch. A card data file sorted by branch, as drops usually are, needs no spool at all. Memory holds at
/// most one chunk per job and per spooled segment, whatever the size of the drop.
final class JobFileWriter {
    /// The job being written.
    let job: JobPlan.PlannedJob
    /// The job file's name in the machine's outbox folder.
    let fileName: String
    /// The job file's path.
    let path: String
    private let output: AtomicFileWriter
    private let sink: AgeEncryptingSink<HashingSink<AtomicFileWriter>>
    /// The lowercase hex SHA-256 of the job file as written (encrypted), once ``finish()`` has committed it.
    private(set) var sha256: String?
    private let encoder: JobLineEncoder
    private let spoolFolder: String
    private let dataKey: (recipients: [any AgeRecipient], identities: [any AgeIdentity])
    /// The job's segments in route order, as planned: never changed, so lines are made while cards are placed
    /// and written on other threads.
    let segments: [JobBranchSegment]
    /// Where the next card of each segment goes; only the thread that places cards (``reserve(segment:)``) uses it.
    private var places: [JobBranchSegment]
    /// Each segment's lines written and spool; only the thread that writes (``put(_:segment:)``) uses it.
    private var writing: [JobBranchSegment]
    /// The segment the job file has reached.
    private var current = 0
    private var buffer: [UInt8] = []
    private static let chunk = 64 * 1024

    /// Starts the job file in `outbox` (the machine's folder) and writes its header.
    /// - Parameters:
    ///   - spoolFolder: where out-of-turn segments wait (the drop's work folder).
    ///   - dataKey: the drop's data key, for spooled segments.
    /// - Throws: I/O and encryption errors.
    init(job: JobPlan.PlannedJob, outbox: String, carrierAddresses: [String: PostalAddress], spoolFolder: String,
         dataKey: (recipients: [any AgeRecipient], identities: [any AgeIdentity]),
         encoder: JobLineEncoder? = nil) throws {
        self.job = job
        fileName = "\(job.id).\(job.machine.layout.fileExtension).age"
        path = outbox + "/" + fileName
        output = try AtomicFileWriter(path: path, mode: 0o640)
        sink = try AgeEncryptingSink(wrapping: HashingSink(output), recipients: job.machine.recipients, armored: false)
        let encoder = (encoder ?? JobLineEncoder(machine: job.machine)).forJob(job.id)
        self.encoder = encoder
        segments = JobBranchSegment.segments(of: job, carrierAddresses: carrierAddresses, carrierLayout: encoder.settings.carrier)
        places = segments
        writing = segments
        self.spoolFolder = spoolFolder
        self.dataKey = dataKey
        buffer.reserveCapacity(Self.chunk + 1024)
        buffer += Array(JobFileLayout.header(job: job.id, machine: job.machine, cards: job.cards, settings: encoder.settings).utf8)
    }

    /// Gives the next card of segment `index` (from ``segments``) its place, unless the segment is full.
    /// - Returns: the card's sequence number and batch, or nil when the segment has all its cards.
    func reserve(segment index: Int) -> (sequence: Int, batch: String)? {
        guard !places[index].isComplete else { return nil }
        let place = places[index].nextPlace
        places[index].advance()
        return place
    }

    /// The job file line of `record` at `place` in segment `index`. Changes nothing, so lines of one batch of
    /// records may be made on several threads.
    /// - Throws: ``PersonalisationError`` when the record cannot be personalised; the key's error.
    func line(for record: CardDataRecord, segment index: Int, place: (sequence: Int, batch: String)) throws -> [UInt8]
    {
        var line: [UInt8] = []
        try encoder.appendLine(for: record, carrierAddress: segments[index].carrierAddress, sequence: place.sequence,
                               batch: place.batch, to: &line)
        return line
    }

    /// Writes the line of the next card of segment `index`, in the order places were given.
    /// - Throws: I/O and encryption errors.
    func put(_ line: [UInt8], segment index: Int) throws {
        writing[index].noteWritten()
        if index == current {
            try append(line)
            if writing[index].isWrittenOut { try moveToNextSegment() }
        } else {
            if writing[index].spool == nil {
                writing[index].spool = try SpooledBranchSegment(
                    folder: spoolFolder, name: "segment-\(job.id)-\(index + 1)", recipients: dataKey.recipients,
                    identities: dataKey.identities)
            }
            try writing[index].spool?.write(line)
        }
    }

    /// Copies in what is left of the spooled segments, checks the card count, writes the trailer and commits the
    /// file under its final name; ``sha256`` is then the file's digest.
    /// - Returns: the cards written.
    /// - Throws: ``TransformError/countMismatch(job:planned:written:)`` when the card data no longer matches the
    ///   plan (nothing is committed then); I/O and encryption errors.
    func finish() throws -> Int {
        while current < writing.count { try moveToNextSegment() }
        let written = places.reduce(0) { $0 + $1.taken }
        guard written == job.cards else { throw TransformError.countMismatch(job: job.id, planned: job.cards, written: written) }
        buffer += Array(JobFileLayout.trailer(cards: written).utf8)
        try sink.write(buffer)
        buffer = []
        sha256 = try sink.finish().sha256
        try output.commit()
        return written
    }

    /// Leaves the current segment and copies in the spooled lines of the next ones until one is still open.
    private func moveToNextSegment() throws {
        current += 1
        while current < writing.count {
            if let spool = writing[current].spool {
                writing[current].spool = nil
                try spool.drain { try append($0) }
            }
            guard writing[current].isWrittenOut else { return }
            current += 1
        }
    }

    private func append(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= Self.chunk {
            try sink.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
