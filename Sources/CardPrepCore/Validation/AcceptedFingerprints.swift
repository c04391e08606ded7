import CardPrepIO

/// A drop's accepted cards (fingerprint, PAN sequence number and expiry), in ascending order of fingerprint, for the
/// ledger to remember once the drop is validated; a renewal or reissue accepted beside an earlier record of the drop
/// comes after it. Held in memory up to a block, beyond that in a nameless scratch file, so memory does not
/// grow with the drop.
public final class AcceptedFingerprints {
    private let scratchFolder: String
    private var scratch: ScratchFile?
    private var block: [RegisteredCard] = []
    private static let blockSize = 1 << 16

    /// The cards held.
    public private(set) var count = 0

    init(scratchFolder: String) {
        self.scratchFolder = scratchFolder
    }

    /// Adds a card whose fingerprint is not less than any added before.
    func append(_ card: RegisteredCard) throws(ByteStreamError) {
        block.append(card)
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

    /// Calls `body` with every card, in ascending order of fingerprint.
    /// - Throws: `ByteStreamError` when the scratch file cannot be read back, or what `body` throws.
    public func forEach(_ body: (RegisteredCard) throws -> Void) throws {
        let stride = MemoryLayout<RegisteredCard>.stride
        if let scratch {
            var offset = 0
            while offset < scratch.size {
                let count = min(Self.blockSize, (scratch.size - offset) / stride)
                for card in try scratch.read(RegisteredCard.self, count: count, at: offset) { try body(card) }
                offset += count * stride
            }
        }
        for card in block { try body(card) }
    }
}
