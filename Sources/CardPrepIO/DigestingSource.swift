/// A byte source that passes another source's bytes through and reports each piece to an observer,
/// for example to hash a file in the same pass that decrypts it.
public struct ObservedByteSource<Source: ByteSource>: ByteSource {
    private var source: Source
    private let observe: ([UInt8]) -> Void

    /// Wraps `source`; `observe` sees every piece read, in order.
    public init(_ source: Source, observe: @escaping ([UInt8]) -> Void) {
        self.source = source
        self.observe = observe
    }

    public mutating func read(upTo maxLength: Int) throws -> [UInt8] {
        let piece = try source.read(upTo: maxLength)
        observe(piece)
        return piece
    }
}
