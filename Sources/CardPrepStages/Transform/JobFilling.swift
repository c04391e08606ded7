import CardPrepCore
import CardPrepIO

/// The one pass over a drop's card data that fills its job files. Lines are read in batches; each batch is
/// parsed on several threads, its accepted records are given their places in file order, their job file lines
/// are made on several threads, and the lines are written in file order, so the job files are the same for
/// any number of threads.
struct JobFilling<Source: ByteSource> {
    var reader: CardDataReader<Source>
    let contract: CardDataContract
    let routes: JobRoutes
    /// Record numbers validation rejected.
    let rejected: Set<Int>
    let dropID: String
    /// Where each accepted card's place goes, for the ledger's trace rows.
    var trace: CardTraceSpool?
    var workers = OrderedParallelMap.defaultWorkers
    var batchSize = 8192
    /// When set, only these record numbers are placed (a remake job); nil: every accepted record.
    var only: Set<Int>?
    /// Called after each batch with the records read so far, for a progress line.
    var progress: ((Int) -> Void)?

    private struct Placed {
        let record: CardDataRecord
        let writer: JobFileWriter
        let segment: Int
        let place: (sequence: Int, batch: String)
    }

    /// Reads the card data to its end and hands every accepted record to its job files.
    /// - Throws: ``TransformError/record(dropID:recordNumber:reason:)`` for a record that cannot be
    ///   personalised; card data, I/O and encryption errors.
    mutating func run() throws {
        var batch: [CardDataLine] = []
        var linesRead = 0
        while true {
            batch.removeAll(keepingCapacity: true)
            while batch.count < batchSize, let line = try reader.nextLine() { batch.append(line) }
            guard !batch.isEmpty else { return }
            linesRead += batch.count
            progress?(linesRead)
            let contract = contract
            let events = try OrderedParallelMap.map(batch, workers: workers, makeWorker: { () throws(CardDataError) in
                try CardDataParser(contract: contract)
            }) { parser, line in parser.event(for: line) }
            var placed: [Placed] = []
            for case let .detail(record, _)? in events
            where !rejected.contains(record.recordNumber) && only.map({ $0.contains(record.recordNumber) }) ?? true {
                for target in routes.targets(of: record) {
                    guard let place = target.writer.reserve(segment: target.segment) else { continue }
                    placed.append(Placed(record: record, writer: target.writer, segment: target.segment, place: place))
                }
            }
            let trace = trace
            let lines = try OrderedParallelMap.map(placed, workers: workers, makeWorker: {}) { _, item in
                (Result { try item.writer.line(for: item.record, segment: item.segment, place: item.place) },
                 trace.map { spool in Result { try spool.line(for: item.record, job: item.writer.job, place: item.place) } })
            }
            for (item, (line, traceLine)) in zip(placed, lines) {
                switch line {
                case let .success(bytes): try item.writer.put(bytes, segment: item.segment)
                case let .failure(error as PersonalisationError):
                    throw TransformError.record(dropID: dropID, recordNumber: item.record.recordNumber, reason: "\(error)")
                case let .failure(error): throw error
                }
                if let traceLine { try trace?.write(try traceLine.get()) }
            }
        }
    }
}
