import Foundation

/// Splits one UTF-8 record into fields at an ASCII delimiter, with the same RFC 4180-style quoting as
/// `CardDataFields`, working on the bytes: an ASCII byte never occurs inside a multi-byte UTF-8 sequence, so
/// the fields of valid text are valid text. The line is checked once: all ASCII (the common case) is valid
/// at a glance; anything else is decoded and must encode back to the same bytes.
enum CardDataByteFields {
    /// Why a record could not be split.
    enum Failure: Error, Equatable {
        case problem(CardDataFields.Problem)
        case invalidText
    }

    /// Splits `bytes` into fields.
    /// - Parameter knownValid: the bytes are known to be valid UTF-8 (decoded from another encoding).
    static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, quote: UInt8?, knownValid: Bool = false
    ) -> Result<[String], Failure> {
        guard knownValid || isValidUTF8(bytes) else { return .failure(.invalidText) }
        var fields: [String] = []
        fields.reserveCapacity(16)
        var position = 0
        let count = bytes.count
        while true {
            if let quote, position < count, bytes[position] == quote {
                var field: [UInt8] = []
                var index = position + 1
                var closed = false
                while index < count {
                    if bytes[index] == quote {
                        if index + 1 < count && bytes[index + 1] == quote { field.append(quote); index += 2; continue }
                        closed = true
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
                guard closed else { return .failure(.problem(.unterminatedQuote)) }
                index += 1
                if index < count && bytes[index] != delimiter { return .failure(.problem(.textAfterClosingQuote)) }
                fields.append(String(decoding: field, as: UTF8.self))
                guard index < count else { return .success(fields) }
                position = index + 1
                continue
            }
            var end = position
            while end < count && bytes[end] != delimiter {
                if let quote, bytes[end] == quote { return .failure(.problem(.quoteInUnquotedField)) }
                end += 1
            }
            fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self))
            guard end < count else { return .success(fields) }
            position = end + 1
        }
    }

    private static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        if combined < 0x80 { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
