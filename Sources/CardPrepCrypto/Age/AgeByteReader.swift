import CardPrepCore
import CardPrepIO

/// A buffered reader over a byte source, with the peeking and line reading that header and armor parsing need.
/// It never holds more than what was asked for plus one read of the underlying source.
struct AgeByteReader {
    private var source: any ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private(set) var reachedEnd = false

    init(_ source: any ByteSource) { self.source = source }

    /// The bytes read from the source and not consumed yet.
    var buffered: ArraySlice<UInt8> { buffer[start...] }

    /// Reads until at least `count` bytes are buffered or the source ends.
    mutating func fill(to count: Int) throws {
        while buffer.count - start < count, !reachedEnd {
            if start > 0, start >= buffer.count / 2 {
                buffer.removeFirst(start)
                start = 0
            }
            let piece = try source.read(upTo: max(count - (buffer.count - start), 4096))
            if piece.isEmpty { reachedEnd = true } else { buffer.append(contentsOf: piece) }
        }
    }

    /// Removes and returns up to `count` buffered bytes.
    mutating func consume(_ count: Int) -> [UInt8] {
        let end = min(buffer.count, start + count)
        defer {
            start = end
            if start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        }
        return Array(buffer[start..<end])
    }

    /// Reads one line of at most `limit` bytes, without its `\n`.
    /// - Returns: the line and whether a `\n` ended it; nil at the end of the source.
    /// - Throws: `lineTooLong` when no `\n` appears within `limit` bytes.
    mutating func readLine(limit: Int, lineTooLong: @autoclosure () -> Error) throws -> (line: [UInt8], terminated: Bool)? {
        var searched = 0
        while true {
            if let newline = buffer[(start + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline - start <= limit else { throw lineTooLong() }
                let line = consume(newline - start)
                _ = consume(1)
                return (line, true)
            }
            searched = buffer.count - start
            guard searched <= limit else { throw lineTooLong() }
            if reachedEnd { return searched == 0 ? nil : (consume(searched), false) }
            try fill(to: searched + 1)
        }
    }
}
