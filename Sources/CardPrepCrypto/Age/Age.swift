import CardPrepCore
import CardPrepIO

/// One-call age encryption and decryption between byte streams.
public enum Age {
    /// Encrypts everything `source` holds into an age file written to `sink`, in bounded memory.
    /// - Parameters:
    ///   - recipients: who can decrypt; at least one.
    ///   - armored: whether to write ASCII armor instead of binary.
    /// - Throws: `AgeError` for unusable recipients; errors of the source or sink.
    public static func encrypt<Source: ByteSource, Sink: ByteSink>(
        _ source: inout Source, to sink: inout Sink, recipients: [any AgeRecipient], armored: Bool = false
    ) throws {
        let encrypting = try AgeEncryptingSink(wrapping: sink, recipients: recipients, armored: armored)
        while true {
            let piece = try source.read(upTo: AgeFormat.chunkSize)
            if piece.isEmpty { break }
            try encrypting.write(piece)
        }
        sink = try encrypting.finish()
    }

    /// Decrypts the age file `source` holds (binary or armored) to `sink`, in bounded memory.
    /// Plaintext reaches `sink` only chunk by authenticated chunk; on a failure, what was already written stays
    /// there, so write to a temporary place (such as `AtomicFileWriter`) and keep it only when this returns.
    /// - Throws: `AgeError` when no identity matches or the file is malformed or altered; errors of the source or sink.
    public static func decrypt<Source: ByteSource, Sink: ByteSink>(
        _ source: inout Source, to sink: inout Sink, identities: [any AgeIdentity]
    ) throws {
        let decrypting = try AgeDecryptingSource(wrapping: source, identities: identities)
        while true {
            let piece = try decrypting.read(upTo: AgeFormat.chunkSize)
            if piece.isEmpty { break }
            try sink.write(piece)
        }
    }

    /// The recipient stanzas of the age file `source` holds (binary or armored), read without any key: to see whom
    /// a file is encrypted to, or to unwrap the file keys of many files at once (`AgePluginIdentity.prefetch`).
    /// - Throws: `AgeError.headerMalformed` or `.armorMalformed`; errors of the source.
    public static func headerStanzas<Source: ByteSource>(of source: Source) throws -> [AgeStanza] {
        var reader = AgeByteReader(source)
        try reader.fill(to: 32)
        if AgeArmor.looksArmored(reader.buffered) { reader = AgeByteReader(AgeArmorReader(reader)) }
        return try AgeHeaderParser.parse(&reader).stanzas
    }
}
