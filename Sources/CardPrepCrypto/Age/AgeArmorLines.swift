/// Fast paths for the bulk of an armored file: whole 64-column lines of 48 bytes, encoded and decoded with
/// unsafe buffer loops (the general `AgeBase64` code handles the first, last and any unusual line).
enum AgeArmorLines {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// Encodes `bytes` (a multiple of 48 long) as 64-column lines, each ending with `\n`.
    static func encodeFullLines(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let lines = bytes.count / AgeFormat.bytesPerLine
        precondition(lines * AgeFormat.bytesPerLine == bytes.count)
        let outCount = lines * (AgeFormat.columnsPerLine + 1)
        return bytes.withUnsafeBufferPointer { input in
            alphabet.withUnsafeBufferPointer { table in
                [UInt8](unsafeUninitializedCapacity: outCount) { out, written in
                    var i = 0, o = 0
                    while i < input.count {
                        for _ in 0..<(AgeFormat.bytesPerLine / 3) {
                            let group = Int(input[i]) << 16 | Int(input[i + 1]) << 8 | Int(input[i + 2])
                            out[o] = table[group >> 18]
                            out[o + 1] = table[group >> 12 & 63]
                            out[o + 2] = table[group >> 6 & 63]
                            out[o + 3] = table[group & 63]
                            i += 3
                            o += 4
                        }
                        out[o] = 0x0A
                        o += 1
                    }
                    written = o
                }
            }
        }
    }

    /// Decodes consecutive whole lines (64 alphabet characters, then `\n` or `\r\n`) from the start of `text`,
    /// stopping at the first other line or once `limit` bytes are decoded.
    /// - Returns: the decoded bytes and how many bytes of `text` they used.
    static func decodeFullLines(_ text: ArraySlice<UInt8>, limit: Int) -> (bytes: [UInt8], consumed: Int) {
        text.withUnsafeBufferPointer { input in
            values.withUnsafeBufferPointer { table in
                var out: [UInt8] = []
                out.reserveCapacity(min(limit, input.count / 65 * 48) + 48)
                var position = 0
                while out.count < limit, position + 65 <= input.count {
                    var end = position + 64
                    if input[end] == 0x0D, end + 1 < input.count { end += 1 }
                    guard input[end] == 0x0A, end == position + 64 || input[position + 64] == 0x0D else { break }
                    var valid = true
                    var j = position
                    while j < position + 64 {
                        let a = table[Int(input[j])], b = table[Int(input[j + 1])]
                        let c = table[Int(input[j + 2])], d = table[Int(input[j + 3])]
                        if a | b | c | d > 63 { valid = false; break }
                        j += 4
                    }
                    guard valid else { break }
                    j = position
                    while j < position + 64 {
                        let group = Int(table[Int(input[j])]) << 18 | Int(table[Int(input[j + 1])]) << 12
                            | Int(table[Int(input[j + 2])]) << 6 | Int(table[Int(input[j + 3])])
                        out.append(UInt8(truncatingIfNeeded: group >> 16))
                        out.append(UInt8(truncatingIfNeeded: group >> 8))
                        out.append(UInt8(truncatingIfNeeded: group))
                        j += 4
                    }
                    position = end + 1
                }
                return (out, position)
            }
        }
    }
}
