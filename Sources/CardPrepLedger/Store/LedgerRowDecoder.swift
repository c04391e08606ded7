import Foundation

/// A column value a record cannot be read from.
struct LedgerColumnMismatch: Error, CustomStringConvertible {
    var column: String
    var expected: String
    var found: LedgerValue

    var description: String { "column \(column): expected \(expected), found \(found)" }
}

/// Decodes a `LedgerRecord` from a row, reading each value as GRDB reads what it wrote (see `LedgerRecord`).
struct LedgerRowDecoder: Decoder {
    let row: LedgerRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: [], debugDescription: "a ledger row is a keyed container of columns"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            Any.self, .init(codingPath: [], debugDescription: "a ledger row is a keyed container of columns"))
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: LedgerRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.columns.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.columns.contains(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool { row[key.stringValue] == .null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard contains(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no column \(key.stringValue)"))
            }
            return try LedgerColumnValue(column: key.stringValue, value: row[key.stringValue]).decode(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            throw DecodingError.typeMismatch(
                type, .init(codingPath: [key], debugDescription: "a ledger column holds a single value"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: [key], debugDescription: "a ledger column holds a single value"))
        }
        func superDecoder() throws -> any Decoder { LedgerRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { LedgerRowDecoder(row: row) }
    }
}

/// The value of one column, read as a single value; a value that asks for a keyed or unkeyed container is read from
/// the column's JSON text instead.
private struct LedgerColumnValue: Decoder, SingleValueDecodingContainer {
    let column: String
    let value: LedgerValue
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private struct RequiresJSON: Error {}

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Date.self { return try date() as! T }
        if type == Data.self { return try data() as! T }
        if type == UUID.self { return try uuid() as! T }
        do {
            return try T(from: self)
        } catch is RequiresJSON {
            guard case let .text(json) = value else { throw mismatch("JSON text") }
            return try LedgerJSON.decode(type, from: json)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw RequiresJSON() }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw RequiresJSON() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch value {
        case let .integer(number): number != 0
        case let .real(number): number != 0
        default: throw mismatch("a boolean")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        switch value {
        case let .text(text): text
        case let .blob(bytes): String(decoding: bytes, as: UTF8.self)
        default: throw mismatch("text")
        }
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case let .integer(number): Double(number)
        case let .real(number): number
        default: throw mismatch("a number")
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case let .integer(number): if let exact = T(exactly: number) { return exact }
        case let .real(number): if let exact = T(exactly: number) { return exact }
        default: break
        }
        throw mismatch("an integer that fits \(T.self)")
    }

    private func date() throws -> Date {
        switch value {
        case let .text(text): if let date = LedgerDateText.date(text) { return date }
        case let .integer(number): return Date(timeIntervalSince1970: Double(number))
        case let .real(number): return Date(timeIntervalSince1970: number)
        default: break
        }
        throw mismatch("a date")
    }

    private func data() throws -> Data {
        switch value {
        case let .blob(bytes): return Data(bytes)
        case let .text(text): return Data(text.utf8)
        default: throw mismatch("bytes")
        }
    }

    private func uuid() throws -> UUID {
        switch value {
        case let .blob(bytes) where bytes.count == 16:
            return UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                    bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                ))
        case let .text(text): if let uuid = UUID(uuidString: text) { return uuid }
        default: break
        }
        throw mismatch("a UUID")
    }

    private func mismatch(_ expected: String) -> LedgerColumnMismatch {
        LedgerColumnMismatch(column: column, expected: expected, found: value)
    }
}
