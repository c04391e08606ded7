import CardPrepIO

/// A byte sink that passes every piece on to another sink and hashes it on the way, so a file's SHA-256 is
/// known when it is written, without reading it back.
public struct HashingSink<Sink: ByteSink>: ByteSink {
    /// The wrapped sink.
    public private(set) var sink: Sink
    private var digest = StreamingSHA256()

    /// Wraps `sink`.
    public init(_ sink: Sink) { self.sink = sink }

    public mutating func write(_ bytes: [UInt8]) throws {
        try sink.write(bytes)
        digest.update(bytes)
    }

    /// The lowercase hex SHA-256 of everything written so far.
    public var sha256: String { digest.hex() }
}
