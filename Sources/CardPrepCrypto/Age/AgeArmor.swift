import CardPrepCore
import CardPrepIO

/// The ASCII armor of age: PEM type "AGE ENCRYPTED FILE", 64-column padded canonical base64.
enum AgeArmor {
    static let beginLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let endLine = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    /// How much whitespace may surround the armor.
    static let maxWhitespace = 1024

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// Whether a stream starting with `prefix` is armored: anything that does not start like a binary age header.
    static func looksArmored(_ prefix: ArraySlice<UInt8>) -> Bool {
        let binaryStart = Array("age-encryption.org/".utf8)
        return !prefix.prefix(binaryStart.count).elementsEqual(binaryStart.prefix(prefix.count))
    }
}

/// Encodes bytes into ASCII armor as they are written; `finish()` writes the last line and the end line.
struct AgeArmorWriter<Sink: ByteSink> {
    private(set) var sink: Sink
    private var pending: [UInt8] = []

    init(wrapping sink: Sink) throws {
        self.sink = sink
        try self.sink.write(AgeArmor.beginLine + [0x0A])
    }

    mutating func write(_ bytes: [UInt8]) throws {
        pending += bytes
        let whole = pending.count / AgeFormat.bytesPerLine * AgeFormat.bytesPerLine
        guard whole > 0 else { return }
        let text = AgeArmorLines.encodeFullLines(pending[..<whole])
        pending.removeFirst(whole)
        try sink.write(text)
    }

    mutating func finish() throws -> Sink {
        var text: [UInt8] = []
        if !pending.isEmpty { text += AgeBase64.encode(pending, padded: true).utf8 + [0x0A] }
        pending = []
        try sink.write(text + AgeArmor.endLine + [0x0A])
        return sink
    }
}

/// Decodes ASCII armor strictly as it is read: exact begin and end lines, LF or CRLF line ends, full 64-column
/// lines but the last, canonical padded base64, no headers or empty lines, only whitespace around the armor.
struct AgeArmorReader: ByteSource {
    private var reader: AgeByteReader
    private var started = false
    private var finished = false
    private var decoded: [UInt8] = []

    init(_ reader: AgeByteReader) { self.reader = reader }

    mutating func read(upTo maxLength: Int) throws -> [UInt8] {
        while decoded.count < maxLength, !finished { try decodeLine() }
        let count = min(maxLength, decoded.count)
        defer { decoded.removeFirst(count) }
        return Array(decoded.prefix(count))
    }

    private mutating func nextLine() throws -> [UInt8] {
        let limit = AgeFormat.columnsPerLine + 2
        guard let (line, _) = try reader.readLine(limit: limit, lineTooLong: Self.malformed("a line is longer than 64 columns"))
        else { throw Self.malformed("the file ends before the end line") }
        var trimmed = line[...]
        if trimmed.last == 0x0D { trimmed.removeLast() }
        return Array(trimmed)
    }

    private mutating func decodeLine() throws {
        if !started {
            var skipped = 0
            while true {
                guard let (line, _) = try reader.readLine(limit: AgeArmor.maxWhitespace, lineTooLong: Self.malformed("no begin line")) else {
                    throw Self.malformed("no begin line")
                }
                if line.allSatisfy(AgeArmor.isWhitespace) {
                    skipped += line.count + 1
                    guard skipped <= AgeArmor.maxWhitespace else { throw Self.malformed("too much leading whitespace") }
                    continue
                }
                var trimmed = line[...]
                if trimmed.last == 0x0D { trimmed.removeLast() }
                guard trimmed.elementsEqual(AgeArmor.beginLine) else {
                    throw Self.malformed("the first line is not \"-----BEGIN AGE ENCRYPTED FILE-----\"")
                }
                break
            }
            started = true
        }
        try reader.fill(to: AgeFormat.chunkSize + 2 * AgeFormat.columnsPerLine)
        let (bulk, consumed) = AgeArmorLines.decodeFullLines(reader.buffered, limit: AgeFormat.chunkSize)
        if consumed > 0 {
            _ = reader.consume(consumed)
            decoded += bulk
            return
        }
        let line = try nextLine()
        if line == AgeArmor.endLine { return try finishArmor() }
        guard !line.isEmpty else { throw Self.malformed("empty line inside the armor") }
        guard line.count <= AgeFormat.columnsPerLine else { throw Self.malformed("a line is longer than 64 columns") }
        guard let bytes = AgeBase64.decode(line, padded: true) else {
            throw Self.malformed("a line is not canonical padded base64")
        }
        decoded += bytes
        if bytes.count < AgeFormat.bytesPerLine {
            guard try nextLine() == AgeArmor.endLine else {
                throw Self.malformed("a line shorter than 64 columns is not followed by the end line")
            }
            try finishArmor()
        }
    }

    private mutating func finishArmor() throws {
        try reader.fill(to: AgeArmor.maxWhitespace + 1)
        let rest = reader.buffered
        guard rest.allSatisfy(AgeArmor.isWhitespace) else { throw Self.malformed("data after the end line") }
        guard rest.count <= AgeArmor.maxWhitespace else { throw Self.malformed("too much trailing whitespace") }
        finished = true
    }

    private static func malformed(_ reason: String) -> AgeError { .armorMalformed(reason: reason) }
}
