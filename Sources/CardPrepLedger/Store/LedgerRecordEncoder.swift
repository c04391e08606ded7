import Foundation

/// Encodes a `LedgerRecord` into its columns, one per coding key, as GRDB's record encoder does.
final class LedgerRecordEncoder: Encoder {
    private(set) var columns: [(name: String, value: LedgerValue)] = []
    /// Whether this encoder only absorbs the parts of a value written as JSON instead.
    private let discarding: Bool
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(discarding: Bool = false) { self.discarding = discarding }

    /// Sets a column, keeping the place of one set before.
    func set(_ value: LedgerValue, _ key: any CodingKey) {
        if let index = columns.firstIndex(where: { $0.name == key.stringValue }) {
            columns[index].value = value
        } else {
            columns.append((key.stringValue, value))
        }
    }

    /// Encodes one value of a column: dates, data and UUIDs as GRDB does, single values as themselves, any other
    /// value as JSON text.
    func encode<T: Encodable>(_ value: T, forKey key: any CodingKey) throws {
        if let data = value as? Data {
            set(.blob([UInt8](data)), key)
        } else if let date = value as? Date {
            set(.text(LedgerDateText.text(date)), key)
        } else if let uuid = value as? UUID {
            set(.blob(uuid.ledgerBytes), key)
        } else {
            let column = ColumnEncoder(record: self, key: key)
            try value.encode(to: column)
            if column.requiresJSON { set(.text(try LedgerJSON.encode(value)), key) }
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns<Key>(record: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("a ledger record is a keyed container of columns")
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        preconditionFailure("a ledger record is a keyed container of columns")
    }

    private struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let record: LedgerRecordEncoder
        var codingPath: [any CodingKey] { [] }

        func encodeNil(forKey key: Key) throws { record.set(.null, key) }
        func encode(_ value: Bool, forKey key: Key) throws { record.set(.integer(value ? 1 : 0), key) }
        func encode(_ value: String, forKey key: Key) throws { record.set(.text(value), key) }
        func encode(_ value: Double, forKey key: Key) throws { record.set(.real(value), key) }
        func encode(_ value: Float, forKey key: Key) throws { record.set(.real(Double(value)), key) }
        func encode(_ value: Int, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: Int8, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: Int16, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: Int32, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: Int64, forKey key: Key) throws { record.set(.integer(value), key) }
        func encode(_ value: UInt, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: UInt8, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: UInt16, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: UInt32, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode(_ value: UInt64, forKey key: Key) throws { record.set(.integer(Int64(value)), key) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try record.encode(value, forKey: key) }
        // An optional left out is a NULL column, as GRDB writes it: an update clears it.
        func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
        func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            try encodeOptional(value, forKey: key)
        }
        private func encodeOptional<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }

        func nestedContainer<Nested: CodingKey>(keyedBy type: Nested.Type, forKey key: Key) -> KeyedEncodingContainer<Nested> {
            precondition(record.discarding, "a ledger record's columns hold single values")
            return LedgerRecordEncoder(discarding: true).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            precondition(record.discarding, "a ledger record's columns hold single values")
            return DiscardedElements(codingPath: codingPath)
        }
        func superEncoder() -> any Encoder { record }
        func superEncoder(forKey key: Key) -> any Encoder { record }
    }
}

/// Encodes the value of one column: a single value is stored as itself; a value that asks for a keyed or unkeyed
/// container is marked for JSON, and what it encodes meanwhile is dropped.
private final class ColumnEncoder: Encoder, SingleValueEncodingContainer {
    let record: LedgerRecordEncoder
    let key: any CodingKey
    private(set) var requiresJSON = false
    var codingPath: [any CodingKey] { [key] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(record: LedgerRecordEncoder, key: any CodingKey) {
        self.record = record
        self.key = key
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        requiresJSON = true
        return LedgerRecordEncoder(discarding: true).container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        requiresJSON = true
        return DiscardedElements(codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { record.set(.null, key) }
    func encode(_ value: Bool) throws { record.set(.integer(value ? 1 : 0), key) }
    func encode(_ value: String) throws { record.set(.text(value), key) }
    func encode(_ value: Double) throws { record.set(.real(value), key) }
    func encode(_ value: Float) throws { record.set(.real(Double(value)), key) }
    func encode(_ value: Int) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: Int8) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: Int16) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: Int32) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: Int64) throws { record.set(.integer(value), key) }
    func encode(_ value: UInt) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: UInt8) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: UInt16) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: UInt32) throws { record.set(.integer(Int64(value)), key) }
    func encode(_ value: UInt64) throws { record.set(.integer(Int64(value)), key) }
    func encode<T: Encodable>(_ value: T) throws { try record.encode(value, forKey: key) }
}

/// The elements of a value that will be written as JSON instead; nothing is kept.
private struct DiscardedElements: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey]
    var count = 0

    mutating func encodeNil() throws { count += 1 }
    mutating func encode<T: Encodable>(_ value: T) throws { count += 1 }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        count += 1
        return LedgerRecordEncoder(discarding: true).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        return DiscardedElements(codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { LedgerRecordEncoder(discarding: true) }
}
