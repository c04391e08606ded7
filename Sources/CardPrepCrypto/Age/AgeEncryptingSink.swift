import CardPrepCore
import CardPrepIO

/// Encrypts plaintext written to it into an age v1 file on the wrapped sink, streaming in 64 KiB chunks:
/// at most one chunk of plaintext is held in memory, whatever the size of the file.
public final class AgeEncryptingSink<Sink: ByteSink>: ByteSink {
    private enum Output {
        case binary(Sink)
        case armored(AgeArmorWriter<Sink>)
    }

    private var output: Output?
    private var stream: AgePayloadStream
    private var pending: [UInt8] = []

    /// Writes the header for `recipients` to `sink` and gets ready for plaintext.
    /// - Parameters:
    ///   - sink: where the age file goes.
    ///   - recipients: who can decrypt; at least one. An scrypt (passphrase) recipient must be the only one.
    ///   - armored: whether to write ASCII armor ("-----BEGIN AGE ENCRYPTED FILE-----") instead of binary.
    /// - Throws: `AgeError.badRecipients` for an empty or invalid recipient list; errors of the sink.
    public init(wrapping sink: Sink, recipients: [any AgeRecipient], armored: Bool) throws {
        guard !recipients.isEmpty else { throw AgeError.badRecipients(reason: "no recipient given") }
        let fileKey = AgePrimitives.randomBytes(AgeFormat.fileKeySize)
        // Each plugin runs once per file, for all of its recipients.
        let stanzas = try AgePluginRecipient.merged(recipients).flatMap { try $0.wrap(fileKey: fileKey) }
        if stanzas.count > 1, stanzas.contains(where: { $0.type == AgeScryptRecipient.stanzaType }) {
            throw AgeError.badRecipients(reason: "a passphrase (scrypt) recipient cannot be combined with other recipients")
        }
        guard stanzas.allSatisfy({ ([$0.type] + $0.arguments).allSatisfy(AgeFormat.isValidArgument) }) else {
            throw AgeError.badRecipients(reason: "a recipient produced a stanza with an invalid argument")
        }
        let nonce = AgePrimitives.randomBytes(AgeFormat.nonceSize)
        stream = AgePayloadStream(fileKey: fileKey, nonce: nonce)
        output = armored ? .armored(try AgeArmorWriter(wrapping: sink)) : .binary(sink)
        try emit(AgeHeader.encode(stanzas: stanzas, fileKey: fileKey) + nonce)
    }

    /// Encrypts `bytes`; full chunks are written as soon as it is known that more plaintext follows them.
    /// - Throws: errors of the sink; `AgeError.sinkFinished` after `finish()`.
    public func write(_ bytes: [UInt8]) throws {
        guard output != nil else { throw AgeError.sinkFinished }
        var offset = 0
        while offset < bytes.count {
            let taken = min(AgeFormat.chunkSize + 1 - pending.count, bytes.count - offset)
            pending += bytes[offset..<offset + taken]
            offset += taken
            if pending.count > AgeFormat.chunkSize {
                let sealed = stream.seal(Array(pending[..<AgeFormat.chunkSize]), final: false)
                pending.removeFirst(AgeFormat.chunkSize)
                try emit(sealed)
            }
        }
    }

    /// Writes the final chunk (and the armor's end line) and hands back the wrapped sink.
    /// - Throws: errors of the sink; `AgeError.sinkFinished` when called twice.
    public func finish() throws -> Sink {
        try emit(stream.seal(pending, final: true))
        pending = []
        switch output {
        case .binary(let sink): output = nil; return sink
        case .armored(var writer): output = nil; return try writer.finish()
        case nil: throw AgeError.sinkFinished
        }
    }

    private func emit(_ bytes: [UInt8]) throws {
        switch output {
        case .binary(var sink):
            output = nil
            defer { output = .binary(sink) }
            try sink.write(bytes)
        case .armored(var writer):
            output = nil
            defer { output = .armored(writer) }
            try writer.write(bytes)
        case nil: throw AgeError.sinkFinished
        }
    }
}
