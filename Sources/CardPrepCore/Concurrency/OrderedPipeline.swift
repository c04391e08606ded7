import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads items in batches on one thread, maps each batch on one of several worker threads and hands the mapped
/// batches back in the order they were read, while the next batches are already being read and mapped: reading,
/// mapping and taking the results all run at once, and the results are the same for any number of workers.
///
/// At most `depth` batches are read and not yet taken back; their arrays are reused, so memory stays at a few
/// batches whatever the length of the input. Threads are started when ``withBatches(workers:depth:read:makeWorker:map:_:)``
/// is called and joined before it returns, also when the reading or the taking throws.
public enum OrderedPipeline {
    /// Batches read and not yet taken back when no depth is given: one being read, one per worker, one being taken.
    public static func defaultDepth(workers: Int) -> Int { max(1, workers) + 2 }

    /// Runs `body` with the mapped batches of what `read` reads.
    /// - Parameters:
    ///   - workers: the threads that map batches, each with its own state from `makeWorker`.
    ///   - depth: batches read and not yet taken back at most.
    ///   - read: fills the empty array it is given with the next batch and returns a mark handed back with it
    ///     (for example the items read so far), or returns nil at the end. Called on one thread, in turn.
    ///   - makeWorker: a worker's state (for example a parser that owns a C handle), made before any thread starts.
    ///   - transform: maps one item; called on the worker threads.
    ///   - body: takes the batches in order with ``MappedBatches/next()``; it may stop early.
    /// - Throws: the first error `makeWorker` throws; what `body` throws; a thread that cannot be started.
    ///   An error `read` throws comes out of ``MappedBatches/next()`` once the batches before it are taken.
    public static func withBatches<Item, Worker, Result, Return>(
        workers: Int, depth: Int? = nil,
        read: (inout [Item]) throws -> Int?,
        makeWorker: () throws -> Worker,
        map transform: (inout Worker, Item) -> Result,
        _ body: (MappedBatches<Item, Result>) throws -> Return
    ) throws -> Return {
        let states = try (0..<max(1, workers)).map { _ in try makeWorker() }
        let batches = MappedBatches<Item, Result>(depth: depth ?? defaultDepth(workers: workers))
        return try withoutActuallyEscaping(read) { read in
            try withoutActuallyEscaping(transform) { transform in
                let threads = PipelineThreads()
                defer {
                    batches.stop()
                    threads.joinAll()
                }
                let shared = PipelineClosures(read: read, transform: transform)
                try threads.start { batches.readAll(with: shared.read) }
                for state in states {
                    try threads.start { batches.mapAll(state: state, with: shared.transform) }
                }
                return try body(batches)
            }
        }
    }
}

/// One batch as read, and its items mapped in the same order.
public struct MappedBatch<Item, Result> {
    /// The items as read.
    public let items: [Item]
    /// `results[i]` is the mapping of `items[i]`.
    public let results: [Result]
    /// What the reading returned with this batch.
    public let mark: Int
}

/// The mapped batches of one ``OrderedPipeline``, taken in the order they were read.
public final class MappedBatches<Item, Result>: @unchecked Sendable {
    // Every stored property below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private let depth: Int
    private var spareItems: [[Item]] = []
    private var spareResults: [[Result]] = []
    private var waiting: [(number: Int, items: [Item], mark: Int)] = []
    private var mapped: [Int: MappedBatch<Item, Result>] = [:]
    private var taken: MappedBatch<Item, Result>?
    private var unfinished = 0
    private var batchesRead = 0
    private var nextToTake = 0
    private var readEnded = false
    private var readError: (any Error)?
    private var stopped = false

    init(depth: Int) { self.depth = max(1, depth) }

    /// The next batch in the order read, or nil after the last. The batch given before is handed back for reuse.
    /// - Throws: the error reading threw, once every batch read before it has been given.
    public func next() throws -> MappedBatch<Item, Result>? {
        condition.lock()
        defer { condition.unlock() }
        if let batch = taken {
            taken = nil
            spareItems.append(batch.items)
            spareResults.append(batch.results)
            unfinished -= 1
            condition.broadcast()
        }
        while true {
            if let batch = mapped.removeValue(forKey: nextToTake) {
                nextToTake += 1
                taken = batch
                return batch
            }
            if readEnded && nextToTake == batchesRead {
                if let readError { throw readError }
                return nil
            }
            condition.wait()
        }
    }

    /// Tells the reading and mapping threads to end once what they are doing is done.
    fileprivate func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reading thread: reads batches while fewer than `depth` are out, until the end, an error or a stop.
    fileprivate func readAll(with read: (inout [Item]) throws -> Int?) {
        var number = 0
        while true {
            condition.lock()
            while unfinished >= depth && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            unfinished += 1
            var items = spareItems.popLast() ?? []
            condition.unlock()
            items.removeAll(keepingCapacity: true)
            let mark: Int?
            var failure: (any Error)?
            do { mark = try read(&items) } catch {
                mark = nil
                failure = error
            }
            condition.lock()
            defer {
                condition.broadcast()
                condition.unlock()
            }
            guard let mark else {
                unfinished -= 1
                readError = failure
                readEnded = true
                return
            }
            waiting.append((number, items, mark))
            number += 1
            batchesRead = number
        }
    }

    /// A mapping thread: maps whole batches with its own worker state until the reading has ended or a stop.
    fileprivate func mapAll<Worker>(state: Worker, with transform: (inout Worker, Item) -> Result) {
        var state = state
        while true {
            condition.lock()
            while waiting.isEmpty && !readEnded && !stopped { condition.wait() }
            if stopped || waiting.isEmpty {
                condition.unlock()
                return
            }
            let batch = waiting.removeFirst()
            var results = spareResults.popLast() ?? []
            condition.unlock()
            results.removeAll(keepingCapacity: true)
            results.reserveCapacity(batch.items.count)
            for item in batch.items { results.append(transform(&state, item)) }
            condition.lock()
            mapped[batch.number] = MappedBatch(items: batch.items, results: results, mark: batch.mark)
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// A thread of an ``OrderedPipeline`` that could not be started.
public struct PipelineThreadError: Error, CustomStringConvertible {
    /// The `pthread_create` status.
    public let status: Int32
    public var description: String { "cannot start a thread: \(String(cString: strerror(status)))" }
}

/// The reading and mapping closures, shared by the pipeline's threads for as long as they run (they are joined
/// before the closures' scope ends); the reading closure runs on one thread only.
private struct PipelineClosures<Item, Worker, Result>: @unchecked Sendable {
    let read: (inout [Item]) throws -> Int?
    let transform: (inout Worker, Item) -> Result
}

/// The threads of one pipeline, joined together.
private final class PipelineThreads {
    private var threads: [pthread_t] = []

    /// Starts `body` on a new thread with an 8 MiB stack.
    func start(_ body: @escaping () -> Void) throws {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw PipelineThreadError(status: status)
        }
        threads.append(thread)
    }

    /// Waits for every thread started to end.
    func joinAll() {
        for thread in threads { pthread_join(thread, nil) }
        threads = []
    }
}

private final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
