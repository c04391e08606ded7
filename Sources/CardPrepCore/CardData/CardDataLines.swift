import CardPrepIO
import Foundation

/// Splits a byte source into lines in bounded memory: `\n` or `\r\n` ends a line, a last line
/// without a line break counts, and a line longer than the limit is skipped whole and reported.
struct CardDataLines<Source: ByteSource> {
    /// One line of the file.
    enum Line {
        /// The line's bytes, without the line break.
        case bytes([UInt8], number: Int)
        /// A line longer than the limit; its bytes were dropped.
        case tooLong(number: Int)
    }

    private var source: Source
    private let maxLineLength: Int
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var lineNumber = 0

    init(source: Source, maxLineLength: Int, chunkSize: Int = 64 * 1024) {
        self.source = source
        self.maxLineLength = maxLineLength
        self.chunkSize = chunkSize
    }

    /// The next line, or `nil` at the end of the source.
    /// - Throws: whatever the source throws when a read fails.
    mutating func next() throws -> Line? {
        var overflowed = false
        var searchFrom = start
        while true {
            if let end = Self.lineFeed(in: buffer, from: searchFrom) {
                lineNumber += 1
                let line = overflowed ? [] : Self.trimmingCarriageReturn(buffer[start..<end])
                start = end + 1
                return overflowed ? .tooLong(number: lineNumber) : .bytes(line, number: lineNumber)
            }
            if atEnd {
                guard start < buffer.count || overflowed else { return nil }
                lineNumber += 1
                let line = Self.trimmingCarriageReturn(buffer[start...])
                start = buffer.count
                return overflowed ? .tooLong(number: lineNumber) : .bytes(line, number: lineNumber)
            }
            if buffer.count - start > maxLineLength {
                overflowed = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
            } else if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            searchFrom = buffer.count
            let piece = try source.read(upTo: chunkSize)
            if piece.isEmpty { atEnd = true } else { buffer.append(contentsOf: piece) }
        }
    }

    private static func lineFeed(in buffer: [UInt8], from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start).map { bytes.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    private static func trimmingCarriageReturn(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.last == 0x0D ? Array(bytes.dropLast()) : Array(bytes)
    }
}
