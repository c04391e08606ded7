import CardPrepIO

/// Holds a drop's card sightings in bounded memory and gives them back sorted by fingerprint, then line.
///
/// Up to `runCapacity` sightings are kept in memory; when that many have come, they are sorted and written to
/// a scratch file as one sorted run. Reading merges the runs. Sightings hold fingerprints and masked numbers,
/// never card numbers, and the scratch file has no name on disk.
final class SightingSpool {
    private let runCapacity: Int
    private let scratchFolder: String
    private var pending: [CardSighting] = []
    private var scratch: ScratchFile?
    private var runs: [Range<Int>] = []
    private static let stride = MemoryLayout<CardSighting>.stride

    /// Creates an empty spool that spills to `scratchFolder`.
    init(runCapacity: Int, scratchFolder: String) {
        precondition(runCapacity > 0)
        self.runCapacity = runCapacity
        self.scratchFolder = scratchFolder
    }

    /// Adds a sighting.
    /// - Throws: `ByteStreamError` when a run cannot be written.
    func append(_ sighting: CardSighting) throws(ByteStreamError) {
        pending.append(sighting)
        if pending.count == runCapacity { try spill() }
    }

    private func spill() throws(ByteStreamError) {
        Self.sort(&pending)
        let file = try scratchFile()
        let start = file.size / Self.stride
        try file.append(pending)
        runs.append(start..<(start + pending.count))
        pending.removeAll(keepingCapacity: true)
    }

    /// Sorts `sightings` by fingerprint, then line: sorts small keys (the fingerprint's leading word and the
    /// sighting's place), comparing whole sightings only where leading words tie, then moves each sighting once, in
    /// place, along the cycles of the permutation.
    static func sort(_ sightings: inout [CardSighting]) {
        guard sightings.count > 1 else { return }
        var keys = [(word: UInt64, place: Int)]()
        keys.reserveCapacity(sightings.count)
        var place = 0
        for sighting in sightings {
            keys.append((sighting.fingerprint.leadingWord, place))
            place += 1
        }
        sightings.withUnsafeBufferPointer { held in
            keys.sort { lhs, rhs in
                lhs.word != rhs.word ? lhs.word < rhs.word : CardSighting.precedes(held[lhs.place], held[rhs.place])
            }
        }
        // Position `target` takes the sighting at `keys[target].place`; a key whose place is its own position is done.
        for start in keys.indices where keys[start].place != start {
            let held = sightings[start]
            var target = start
            while true {
                let source = keys[target].place
                keys[target].place = target
                if source == start {
                    sightings[target] = held
                    break
                }
                sightings[target] = sightings[source]
                target = source
            }
        }
    }

    private func scratchFile() throws(ByteStreamError) -> ScratchFile {
        if let scratch { return scratch }
        let file = try ScratchFile(in: scratchFolder)
        scratch = file
        return file
    }

    /// The sightings in order of fingerprint, then line. Call once, after the last `append`.
    func sorted() -> SightingMerge {
        Self.sort(&pending)
        let memory = pending
        pending = []
        return SightingMerge(scratch: scratch, runs: runs, inMemory: memory)
    }
}

/// Reads sorted runs back and merges them, a block of each run at a time.
struct SightingMerge {
    private struct Cursor {
        var run: Range<Int>
        var block: [CardSighting] = []
        var index = 0
    }

    private let scratch: ScratchFile?
    private var cursors: [Cursor]
    private static let blockSize = 4096

    init(scratch: ScratchFile?, runs: [Range<Int>], inMemory: [CardSighting]) {
        self.scratch = scratch
        cursors = runs.map { Cursor(run: $0) }
        if !inMemory.isEmpty { cursors.append(Cursor(run: 0..<0, block: inMemory)) }
    }

    /// The next sighting in order, or `nil` when every run is read.
    /// - Throws: `ByteStreamError` when a run cannot be read back.
    mutating func next() throws(ByteStreamError) -> CardSighting? {
        var best: Int?
        for position in cursors.indices {
            guard try fill(position) else { continue }
            let candidate = cursors[position].block[cursors[position].index]
            if let current = best {
                let held = cursors[current].block[cursors[current].index]
                if CardSighting.precedes(candidate, held) { best = position }
            } else {
                best = position
            }
        }
        guard let best else { return nil }
        defer { cursors[best].index += 1 }
        return cursors[best].block[cursors[best].index]
    }

    /// Makes sure cursor `position` has a sighting at hand; false when its run is exhausted.
    private mutating func fill(_ position: Int) throws(ByteStreamError) -> Bool {
        if cursors[position].index < cursors[position].block.count { return true }
        let run = cursors[position].run
        guard let scratch, !run.isEmpty else { return false }
        let count = min(Self.blockSize, run.count)
        let block = try scratch.read(CardSighting.self, count: count, at: run.lowerBound * MemoryLayout<CardSighting>.stride)
        cursors[position].block = block
        cursors[position].index = 0
        cursors[position].run = (run.lowerBound + count)..<run.upperBound
        return true
    }
}
