import Foundation

/// Maps a batch of items on several threads and gives the results back in the items' order, so that work
/// done in parallel leaves output identical to work done in turn.
public enum OrderedParallelMap {
    /// The threads worth using on this machine.
    public static var defaultWorkers: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }

    /// `items` mapped by `transform`, in order. Each worker gets a contiguous share and its own state from
    /// `makeWorker`, which `transform` receives (for example a parser that owns a C handle).
    /// - Throws: the first error `makeWorker` throws.
    public static func map<Item, Worker, Result>(
        _ items: [Item], workers: Int, makeWorker: () throws -> Worker, _ transform: (inout Worker, Item) -> Result
    ) throws -> [Result] {
        let shares = max(1, min(workers, items.count / 256))
        if shares == 1 {
            var worker = try makeWorker()
            return items.map { transform(&worker, $0) }
        }
        var states = try (0..<shares).map { _ in try makeWorker() }
        let results = [Result](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            states.withUnsafeMutableBufferPointer { states in
                withoutActuallyEscaping(transform) { transform in
                    // Each share writes its own slots and uses its own worker; no two threads touch the same memory.
                    let job = SharedForWorkers(items: items, results: buffer.baseAddress!, states: states.baseAddress!, transform: transform)
                    let size = (items.count + shares - 1) / shares
                    DispatchQueue.concurrentPerform(iterations: shares) { share in
                        for index in (share * size)..<min(job.items.count, (share + 1) * size) {
                            (job.results + index).initialize(to: job.transform(&job.states[share], job.items[index]))
                        }
                    }
                }
            }
            initialized = items.count
        }
        return results
    }
}

/// What the workers of one `OrderedParallelMap.map` share: each reads the items, writes only its own result
/// slots and uses only its own worker state, which is what makes handing them across threads sound.
private struct SharedForWorkers<Item, Worker, Result>: @unchecked Sendable {
    let items: [Item]
    let results: UnsafeMutablePointer<Result>
    let states: UnsafeMutablePointer<Worker>
    let transform: (inout Worker, Item) -> Result
}
