/// A BER-TLV tag of one or two bytes, as EMV uses them (EMV Book 3, annex B).
///
/// The first byte's bits 8–7 are the class and bit 6 tells a constructed data object (one that holds other
/// data objects) from a primitive one. When bits 5–1 of the first byte are all ones the tag goes on in a
/// second byte, whose bit 8 must be zero here (longer tags are not supported).
public struct TLVTag: Sendable, Hashable, CustomStringConvertible {
    /// The tag's bytes, one or two.
    public let bytes: [UInt8]

    /// A tag from its bytes; nil unless they form a valid one- or two-byte tag (a first byte of 0x00 is
    /// padding, never a tag).
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 1 where bytes[0] & 0x1F != 0x1F && bytes[0] != 0x00: break
        case 2 where bytes[0] & 0x1F == 0x1F && bytes[1] & 0x80 == 0: break
        default: return nil
        }
        self.bytes = bytes
    }

    /// A tag from its number as written in EMV: `0x5A`, `0x5F20`; nil unless it is a valid tag.
    public init?(_ number: UInt16) {
        self.init(bytes: number > 0xFF ? [UInt8(number >> 8), UInt8(number & 0xFF)] : [UInt8(number)])
    }

    private init(valid bytes: [UInt8]) { self.bytes = bytes }

    /// Whether the data object holds other data objects (bit 6 of the first byte).
    public var isConstructed: Bool { bytes[0] & 0x20 != 0 }

    /// The tag in upper-case hex, such as `5F20`.
    public var description: String { Hex.encode(bytes).uppercased() }

    /// 5A, Application Primary Account Number (PAN): cn, up to 10 bytes.
    public static let applicationPAN = Self(valid: [0x5A])
    /// 5F20, Cardholder Name: ans 2–26.
    public static let cardholderName = Self(valid: [0x5F, 0x20])
    /// 5F24, Application Expiration Date: n6 YYMMDD.
    public static let applicationExpirationDate = Self(valid: [0x5F, 0x24])
    /// 5F25, Application Effective Date: n6 YYMMDD.
    public static let applicationEffectiveDate = Self(valid: [0x5F, 0x25])
    /// 5F28, Issuer Country Code: n3 (ISO 3166-1 numeric), 2 bytes.
    public static let issuerCountryCode = Self(valid: [0x5F, 0x28])
    /// 57, Track 2 Equivalent Data: b, up to 19 bytes.
    public static let track2EquivalentData = Self(valid: [0x57])
    /// 5F34, Application PAN Sequence Number: n2, 1 byte.
    public static let panSequenceNumber = Self(valid: [0x5F, 0x34])
    /// 9F1F, Track 1 Discretionary Data: ans.
    public static let track1DiscretionaryData = Self(valid: [0x9F, 0x1F])
    /// 70, READ RECORD Response Message Template: constructed.
    public static let readRecordTemplate = Self(valid: [0x70])
}

/// One BER-TLV data object: a tag and its value, encoded with a definite length.
///
/// May hold card data: its ``description`` gives only the tag and the value's length.
public struct TLV: Sendable, Equatable, CustomStringConvertible {
    /// The tag.
    public let tag: TLVTag
    /// The value's bytes (for a constructed object, the encoding of the objects it holds).
    public let value: [UInt8]

    /// A data object.
    /// - Throws: ``PersonalisationError/valueTooLong(tag:length:maximum:)`` for a value longer than 65 535
    ///   bytes (``BERTLV/maximumValueLength``).
    public init(tag: TLVTag, value: [UInt8]) throws(PersonalisationError) {
        guard value.count <= BERTLV.maximumValueLength else {
            throw .valueTooLong(tag: tag.description, length: value.count, maximum: BERTLV.maximumValueLength)
        }
        self.tag = tag
        self.value = value
    }

    /// A constructed data object holding `children`, in order.
    /// - Throws: ``PersonalisationError/invalidTag(tag:reason:)`` when `tag` is not constructed, and as
    ///   ``init(tag:value:)`` does.
    public init(tag: TLVTag, children: [TLV]) throws(PersonalisationError) {
        guard tag.isConstructed else {
            throw .invalidTag(tag: tag.description, reason: "a primitive tag cannot hold data objects")
        }
        try self.init(tag: tag, value: BERTLV.encode(children))
    }

    init(unchecked tag: TLVTag, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    /// Tag, length and value.
    public var encoded: [UInt8] { tag.bytes + BERTLV.encodeLength(value.count) + value }

    /// The data objects a constructed object holds.
    /// - Throws: ``PersonalisationError/invalidTag(tag:reason:)`` for a primitive object, and as
    ///   ``BERTLV/decode(_:)`` does (offsets are within ``value``).
    public func children() throws(PersonalisationError) -> [TLV] {
        guard tag.isConstructed else { throw .invalidTag(tag: tag.description, reason: "a primitive tag holds no data objects") }
        return try BERTLV.decode(value)
    }

    public var description: String { "\(tag) (\(value.count) bytes)" }
}

/// BER-TLV encoding and decoding with definite lengths, as EMV uses it (EMV Book 3, annex B; ISO/IEC 8825-1).
///
/// Lengths up to 127 take the short form (one byte); longer ones the long form `81 xx` (up to 255) or
/// `82 xx xx` (up to 65 535). Indefinite lengths and tags of more than two bytes are not supported.
public enum BERTLV {
    /// The longest value the encoder writes (`82 FF FF`).
    public static let maximumValueLength = 0xFFFF

    /// The length field for a value of `length` bytes, at most ``maximumValueLength``.
    public static func encodeLength(_ length: Int) -> [UInt8] {
        var output = [UInt8]()
        appendLength(length, to: &output)
        return output
    }

    /// Appends the length field for a value of `length` bytes, at most ``maximumValueLength``, to `output`.
    public static func appendLength(_ length: Int, to output: inout [UInt8]) {
        precondition((0...maximumValueLength).contains(length), "BER-TLV length out of range")
        switch length {
        case 0...0x7F: output.append(UInt8(length))
        case 0x80...0xFF: output.append(0x81); output.append(UInt8(length))
        default: output.append(0x82); output.append(UInt8(length >> 8)); output.append(UInt8(length & 0xFF))
        }
    }

    /// The data objects one after another.
    public static func encode(_ objects: [TLV]) -> [UInt8] {
        var output = [UInt8]()
        append(objects, to: &output)
        return output
    }

    /// Appends the data objects, one after another, to `output`.
    public static func append(_ objects: [TLV], to output: inout [UInt8]) {
        for object in objects {
            output += object.tag.bytes
            appendLength(object.value.count, to: &output)
            output += object.value
        }
    }

    /// The data objects in `bytes`, one level deep (use ``TLV/children()`` to look into constructed ones).
    ///
    /// Strict: padding bytes between objects are not skipped. Long-form lengths are accepted even when the
    /// short form would have done.
    /// - Throws: ``PersonalisationError/malformedTLV(offset:reason:)``.
    public static func decode(_ bytes: [UInt8]) throws(PersonalisationError) -> [TLV] {
        var objects = [TLV]()
        var index = 0
        while index < bytes.count {
            let start = index
            func fail(_ reason: String) -> PersonalisationError { .malformedTLV(offset: start, reason: reason) }

            var tagBytes = [bytes[index]]
            index += 1
            if tagBytes[0] & 0x1F == 0x1F {
                guard index < bytes.count else { throw fail("the tag is cut short") }
                tagBytes.append(bytes[index])
                index += 1
            }
            guard let tag = TLVTag(bytes: tagBytes) else {
                throw fail(
                    tagBytes == [0x00] ? "padding byte 00 where a tag should be" : "tags of more than two bytes are not supported"
                )
            }

            guard index < bytes.count else { throw fail("the length is missing") }
            let first = bytes[index]
            index += 1
            var length: Int
            switch first {
            case 0x00...0x7F: length = Int(first)
            case 0x81, 0x82:
                let count = Int(first & 0x7F)
                guard bytes.count - index >= count else { throw fail("the length is cut short") }
                length = 0
                for byte in bytes[index..<(index + count)] { length = length << 8 | Int(byte) }
                index += count
            case 0x80: throw fail("indefinite lengths are not supported")
            default: throw fail("lengths of more than two bytes are not supported")
            }
            guard bytes.count - index >= length else { throw fail("the value runs past the end of the data") }
            objects.append(TLV(unchecked: tag, value: Array(bytes[index..<(index + length)])))
            index += length
        }
        return objects
    }
}
