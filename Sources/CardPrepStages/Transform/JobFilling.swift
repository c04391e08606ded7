import CardPrepCore
import CardPrepIO

/// The one pass over a drop's card data that fills its job files. Lines are read in batches; each batch is
/// parsed on a worker thread, its accepted records are given their places in file order, their job file lines
/// are made on a worker thread, and the lines are written in file order, so the job files are the same for
/// any number of threads. Reading, parsing, placing, making lines and writing overlap.
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
    var batchSize = 4096
    /// When set, only these record numbers are placed (a remake job); nil: every accepted record.
    var only: Set<Int>?
    /// Called after each batch is written with the lines read so far, for a progress line.
    var progress: ((Int) -> Void)?

    private struct Placed {
        let record: CardDataRecord
        let writer: JobFileWriter
        let segment: Int
        let place: (sequence: Int, batch: String)
    }

    /// Reads the card data to its end and hands every accepted record to its job files.
    ///
    /// Four steps run at once, joined by two ``OrderedPipeline``s: one thread reads lines while workers parse
    /// them; one thread gives the parsed records their places in file order while workers make their job file
    /// and trace lines; this thread writes the lines in file order.
    /// - Throws: ``TransformError/record(dropID:recordNumber:reason:)`` for a record that cannot be
    ///   personalised; card data, I/O and encryption errors.
    mutating func run() throws {
        let contract = contract, routes = routes, rejected = rejected, only = only, trace = trace, batchSize = batchSize
        var linesRead = 0
        try OrderedPipeline.withBatches(
            workers: workers,
            read: { (batch: inout [CardDataLine]) throws -> Int? in
                while batch.count < batchSize, let line = try reader.nextLine() { batch.append(line) }
                if batch.isEmpty { return nil }
                linesRead += batch.count
                return linesRead
            },
            makeWorker: { () throws(CardDataError) in try CardDataParser(contract: contract) },
            map: { parser, line in parser.event(for: line) }
        ) { events in
            try OrderedPipeline.withBatches(
                workers: workers,
                read: { (placed: inout [Placed]) throws -> Int? in
                    guard let batch = try events.next() else { return nil }
                    for case let .detail(record, _)? in batch.results
                    where !rejected.contains(record.recordNumber) && only.map({ $0.contains(record.recordNumber) }) ?? true {
                        for target in routes.targets(of: record) {
                            guard let place = target.writer.reserve(segment: target.segment) else { continue }
                            placed.append(Placed(record: record, writer: target.writer, segment: target.segment, place: place))
                        }
                    }
                    return batch.mark
                },
                makeWorker: {},
                map: { _, item in
                    (Result { try item.writer.line(for: item.record, segment: item.segment, place: item.place) },
                     trace.map { spool in Result { try spool.line(for: item.record, job: item.writer.job, place: item.place) } })
                }
            ) { lines in
                while let batch = try lines.next() {
                    progress?(batch.mark)
                    for (item, (line, traceLine)) in zip(batch.items, batch.results) {
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
    }
}
