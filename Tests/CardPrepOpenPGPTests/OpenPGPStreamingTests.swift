import CardPrepIO
import CardPrepOpenPGP
import Foundation
import OpenPGPTestSupport
import Testing

@Suite(.enabled(if: OpenPGPTool.isInstalled("gpg"), "needs gpg (gnupg)"))
struct OpenPGPStreamingTests {
    /// Plaintext reaches the sink in small pieces while most of the ciphertext is still unread: decryption streams,
    /// and neither end is ever held whole.
    @Test func plaintextFlowsOutBeforeTheCiphertextIsRead() throws {
        let parties = try OpenPGPTestParties()
        let plaintext = OpenPGPTestParties.cardData(lines: 60_000)  // about 4.7 MB
        let ciphertext = try parties.encryptedByBank(plaintext, options: ["--compress-algo", "none"])
        var source = CountingSource(MemoryByteSource(ciphertext))
        var sink = ObservingSink(sourceProgress: source.counter)
        _ = try parties.bureauKey().decrypt(from: &source, into: &sink)
        #expect(sink.total == plaintext.count)
        #expect(sink.digest == plaintext.reduce(into: UInt64(0)) { $0 = $0 &* 31 &+ UInt64($1) })
        #expect(sink.largestPiece <= 1 << 20)
        #expect(source.largestRead <= 1 << 20)
        // The first plaintext arrived when less than a tenth of the ciphertext had been read.
        #expect(sink.consumedAtFirstWrite < ciphertext.count / 10)
    }
}

/// A shared counter, so that the sink can see how far the source has read.
final class Counter { var value = 0 }

/// Counts what is read through it and the largest piece asked for.
struct CountingSource<Wrapped: ByteSource>: ByteSource {
    var wrapped: Wrapped
    let counter = Counter()
    var largestRead = 0

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    mutating func read(upTo maxLength: Int) throws -> [UInt8] {
        let piece = try wrapped.read(upTo: maxLength)
        counter.value += piece.count
        largestRead = max(largestRead, piece.count)
        return piece
    }
}

/// Keeps nothing but a running checksum, the largest piece, and how far the source was at the first write.
struct ObservingSink: ByteSink {
    let sourceProgress: Counter
    var total = 0
    var digest: UInt64 = 0
    var largestPiece = 0
    var consumedAtFirstWrite = Int.max

    init(sourceProgress: Counter) { self.sourceProgress = sourceProgress }

    mutating func write(_ bytes: [UInt8]) throws {
        if total == 0, !bytes.isEmpty { consumedAtFirstWrite = sourceProgress.value }
        total += bytes.count
        largestPiece = max(largestPiece, bytes.count)
        for byte in bytes { digest = digest &* 31 &+ UInt64(byte) }
    }
}
