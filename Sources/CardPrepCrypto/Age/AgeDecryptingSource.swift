import CardPrepCore
import CardPrepIO

/// Decrypts an age v1 file (binary or ASCII-armored, detected automatically) read from the wrapped source.
/// The header is parsed and its MAC verified at `init`; `read(upTo:)` then releases plaintext one authenticated
/// 64 KiB chunk at a time and throws when the payload is truncated, altered or followed by extra data.
public final class AgeDecryptingSource<Source: ByteSource>: ByteSource {
    private var reader: AgeByteReader
    private var stream: AgePayloadStream
    private var plaintext: [UInt8] = []
    private var plaintextOffset = 0
    private var sawFinalChunk = false
    /// A failure found after the chunk just released, or one already thrown: thrown on every later read.
    private var failure: (any Error)?
    /// The identity that unwrapped the file key.
    public private(set) var unwrappedBy: (any AgeIdentity)?

    /// Reads and authenticates the header of the age file in `source`.
    /// - Parameters:
    ///   - source: the age file.
    ///   - identities: tried in order; the first that unwraps the file key is used.
    /// - Throws: `AgeError.headerMalformed`, `.armorMalformed`, `.stanzaInvalid`, `.scryptWorkFactorTooHigh`,
    ///   `.noIdentityMatched` or `.headerMACMismatch`; errors of the source; `AgePluginError` from a plugin identity.
    public init(wrapping source: Source, identities: [any AgeIdentity]) throws {
        var reader = AgeByteReader(source)
        try reader.fill(to: 32)
        if AgeArmor.looksArmored(reader.buffered) { reader = AgeByteReader(AgeArmorReader(reader)) }
        let header = try AgeHeaderParser.parse(&reader)
        if header.stanzas.count > 1, header.stanzas.contains(where: { $0.type == AgeScryptRecipient.stanzaType }) {
            throw AgeError.headerMalformed(reason: "an scrypt stanza must be the only stanza")
        }
        var fileKey: [UInt8]?
        var unwrappedBy: (any AgeIdentity)?
        for identity in AgePluginIdentity.merged(identities) {
            fileKey = try identity.unwrap(header.stanzas)
            if fileKey != nil { unwrappedBy = identity; break }
        }
        guard let fileKey else { throw AgeError.noIdentityMatched }
        guard fileKey.count == AgeFormat.fileKeySize else {
            throw AgeError.headerMalformed(reason: "the unwrapped file key has \(fileKey.count) bytes, not 16")
        }
        guard header.verifyMAC(fileKey: fileKey) else { throw AgeError.headerMACMismatch }
        try reader.fill(to: AgeFormat.nonceSize)
        guard reader.buffered.count >= AgeFormat.nonceSize else {
            throw AgeError.headerMalformed(reason: "the file ends before the 16-byte payload nonce")
        }
        stream = AgePayloadStream(fileKey: fileKey, nonce: reader.consume(AgeFormat.nonceSize))
        self.reader = reader
        self.unwrappedBy = unwrappedBy
    }

    /// Returns up to `maxLength` bytes of authenticated plaintext; empty at the end of a valid file.
    /// - Throws: `AgeError.payloadAuthenticationFailed`, `.payloadTruncated`, `.payloadMalformed`, `.armorMalformed`;
    ///   errors of the source. Once it has thrown, every later call throws the same error.
    public func read(upTo maxLength: Int) throws -> [UInt8] {
        while plaintextOffset == plaintext.count {
            if let failure { throw failure }
            if sawFinalChunk { return [] }
            do {
                try openNextChunk()
            } catch {
                failure = error
                throw error
            }
        }
        let end = min(plaintext.count, plaintextOffset + maxLength)
        defer { plaintextOffset = end }
        return Array(plaintext[plaintextOffset..<end])
    }

    private func release(_ chunk: [UInt8], final: Bool, thenFail error: AgeError? = nil) {
        plaintext = chunk
        plaintextOffset = 0
        sawFinalChunk = final
        failure = error
    }

    private func openNextChunk() throws {
        let index = Int(stream.counter)
        try reader.fill(to: AgeFormat.encryptedChunkSize + 1)
        let available = reader.buffered.count
        if available > AgeFormat.encryptedChunkSize {
            let sealed = reader.consume(AgeFormat.encryptedChunkSize)[...]
            if let chunk = stream.open(sealed, final: false) { return release(chunk, final: false) }
            if let chunk = stream.open(sealed, final: true) {
                return release(chunk, final: true, thenFail: .payloadMalformed(reason: "data follows the final chunk"))
            }
            throw AgeError.payloadAuthenticationFailed(chunk: index)
        }
        // The source has ended: this must be the final chunk.
        let sealed = reader.consume(available)[...]
        guard available >= AgeFormat.tagSize else { throw AgeError.payloadTruncated(chunk: index) }
        if available == AgeFormat.tagSize, index > 0 {
            throw AgeError.payloadMalformed(reason: "the final chunk is empty but is not the only chunk")
        }
        if let chunk = stream.open(sealed, final: true) { return release(chunk, final: true) }
        if available == AgeFormat.encryptedChunkSize, let chunk = stream.open(sealed, final: false) {
            return release(chunk, final: true, thenFail: .payloadTruncated(chunk: index + 1))
        }
        throw AgeError.payloadAuthenticationFailed(chunk: index)
    }
}
