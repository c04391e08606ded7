import CardPrepIO

/// The fingerprints of a drop's accepted cards, in ascending order, for the ledger to remember once the drop
/// is validated. Held in memory up to a block, beyond that in a nameless scratch file, so memory does not
/// grow with the drop.
public final class AcceptedFingerprints {
    private let scratchFolder: String
    private var scratch: ScratchFile?
    private var block: [CardFingerprint] = []
    private static let blockSize = 1 << 16

    /// The fingerprints held.
    public private(set) var count = 0

    init(scratchFolder: String) {
        self.scratchFolder = scratchFolder
    }

    /// Adds a fingerprint greater than every one added before.
    func append(_ fingerprint: CardFingerprint) throws(ByteStreamError) {
        block.append(fingerprint)
        count += 1
        if block.count == Self.blockSize {
            let file = try scratchFile()
            try file.append(block)
            block.removeAll(keepingCapacity: true)
        }
    }

    private func scratchFile() throws(ByteStreamError) -> ScratchFile {
        if let scratch { return scratch }
        let file = try ScratchFile(in: scratchFolder)
        scratch = file
        return file
    }

    /// Calls `body` with every fingerprint, in ascending order.
    /// - Throws: `ByteStreamError` when the scratch file cannot be read back, or what `body` throws.
    public func forEach(_ body: (CardFingerprint) throws -> Void) throws {
        let stride = MemoryLayout<CardFingerprint>.stride
        if let scratch {
            var offset = 0
            while offset < scratch.size {
                let count = min(Self.blockSize, (scratch.size - offset) / stride)
                for fingerprint in try scratch.read(CardFingerprint.self, count: count, at: offset) { try body(fingerprint) }
                offset += count * stride
            }
        }
        for fingerprint in block { try body(fingerprint) }
    }
}
