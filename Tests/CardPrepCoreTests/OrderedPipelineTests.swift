import Foundation
import Synchronization
import Testing
@testable import CardPrepCore

/// Batches read on one thread and mapped on others come back in the order read, whole, with memory bounded by the
/// depth, and every error surfaces once without leaving a thread behind.
struct OrderedPipelineTests {
    struct Stop: Error, Equatable { let at: Int }

    /// What the threads did, counted under a lock, so the test can look after the pipeline has returned.
    final class Activity: Sendable {
        private let counts = Mutex<(reads: Int, maps: Int, taken: Int, mostOut: Int)>((0, 0, 0, 0))
        func read() { counts.withLock { $0.reads += 1; $0.mostOut = max($0.mostOut, $0.reads - $0.taken) } }
        func mapped() { counts.withLock { $0.maps += 1 } }
        func took() { counts.withLock { $0.taken += 1 } }
        var reads: Int { counts.withLock { $0.reads } }
        var maps: Int { counts.withLock { $0.maps } }
        var mostOut: Int { counts.withLock { $0.mostOut } }
    }

    /// Maps 0..<count in batches of `batch`, the work of an item varying so that workers finish out of turn.
    static func run(
        count: Int, batch: Int, workers: Int, depth: Int? = nil, activity: Activity = Activity(),
        failReadingAt: Int? = nil, failTakingAt: Int? = nil
    ) throws -> [(item: Int, result: String, mark: Int)] {
        var next = 0
        var out: [(item: Int, result: String, mark: Int)] = []
        try OrderedPipeline.withBatches(
            workers: workers, depth: depth,
            read: { (items: inout [Int]) throws -> Int? in
                #expect(items.isEmpty)
                if let failReadingAt, next >= failReadingAt { throw Stop(at: next) }
                while items.count < batch && next < count {
                    items.append(next)
                    next += 1
                }
                if items.isEmpty { return nil }
                activity.read()
                return next
            },
            makeWorker: { 0 },
            map: { (calls: inout Int, item: Int) -> String in
                calls += 1
                var spin = UInt64(item)
                for _ in 0..<((item * 7919) % 5_000) { spin = spin &* 6364136223846793005 &+ 1 }
                if item % batch == 0 { activity.mapped() }
                return "\(item)/\(spin % 10)"
            }
        ) { batches in
            while let mapped = try batches.next() {
                #expect(mapped.items.count == mapped.results.count)
                for (item, result) in zip(mapped.items, mapped.results) {
                    if let failTakingAt, item == failTakingAt { throw Stop(at: item) }
                    out.append((item, result, mapped.mark))
                }
                activity.took()
            }
        }
        return out
    }

    @Test(arguments: [1, 2, 3, 5])
    func resultsComeInTheOrderReadForAnyNumberOfWorkers(workers: Int) throws {
        let expected = try Self.run(count: 10_000, batch: 10_000, workers: 1)
        let activity = Activity()
        let results = try Self.run(count: 10_000, batch: 97, workers: workers, depth: 3, activity: activity)
        #expect(results.map(\.item) == Array(0..<10_000))
        #expect(results.map(\.result) == expected.map(\.result))
        #expect(results.map(\.mark) == results.map { min(10_000, ($0.item / 97 + 1) * 97) })
        #expect(activity.reads == (10_000 + 96) / 97)
        #expect(activity.mostOut <= 3)
    }

    @Test func anEmptyInputGivesNoBatches() throws {
        #expect(try Self.run(count: 0, batch: 10, workers: 2).isEmpty)
    }

    @Test(arguments: [1, 2, 4])
    func anErrorWhileTakingStopsEveryThread(workers: Int) throws {
        let activity = Activity()
        #expect(throws: Stop(at: 5_003)) {
            try Self.run(count: 1_000_000, batch: 100, workers: workers, activity: activity, failTakingAt: 5_003)
        }
        // The threads are joined: nothing reads or maps once the pipeline has returned, and it stopped early.
        let (reads, maps) = (activity.reads, activity.maps)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(activity.reads == reads && activity.maps == maps)
        #expect(reads <= 51 + OrderedPipeline.defaultDepth(workers: workers))
    }

    @Test(arguments: [1, 2, 4])
    func aReadingErrorComesAfterTheBatchesReadBeforeIt(workers: Int) throws {
        var taken: [Int] = []
        do {
            var next = 0
            try OrderedPipeline.withBatches(
                workers: workers,
                read: { (items: inout [Int]) throws -> Int? in
                    if next == 1_000 { throw Stop(at: next) }
                    items.append(contentsOf: next..<(next + 100))
                    next += 100
                    return next
                },
                makeWorker: {},
                map: { _, item in item * 2 }
            ) { batches in
                while let batch = try batches.next() { taken += batch.results }
            }
            Issue.record("the reading error was lost")
        } catch let error as Stop {
            #expect(error == Stop(at: 1_000))
        }
        #expect(taken == (0..<1_000).map { $0 * 2 })
    }

    @Test func aReadingErrorAtOnceAndAWorkerThatCannotBeMadeAreThrown() throws {
        #expect(throws: Stop(at: 0)) { try Self.run(count: 10, batch: 5, workers: 2, failReadingAt: 0) }
        var made = 0
        #expect(throws: Stop(at: 1)) {
            try OrderedPipeline.withBatches(
                workers: 3,
                read: { (_: inout [Int]) -> Int? in
                    Issue.record("read before the workers were made")
                    return nil
                },
                makeWorker: { () throws -> Int in
                    made += 1
                    if made == 2 { throw Stop(at: 1) }
                    return made
                },
                map: { _, item in item }
            ) { batches in _ = try batches.next() }
        }
    }

    @Test func leavingEarlyWithoutAnErrorJoinsTheThreads() throws {
        let activity = Activity()
        let first = try OrderedPipeline.withBatches(
            workers: 2,
            read: { (items: inout [Int]) -> Int? in
                activity.read()
                items.append(1)
                return 1
            },
            makeWorker: {},
            map: { _, item in activity.mapped(); return item }
        ) { batches in try batches.next()?.results }
        #expect(first == [1])
        let (reads, maps) = (activity.reads, activity.maps)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(activity.reads == reads && activity.maps == maps)
        #expect(activity.mostOut <= OrderedPipeline.defaultDepth(workers: 2))
    }
}
