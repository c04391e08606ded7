/// A cardholder's name in its two parts, as written by the issuer (any script, any case).
///
/// Holds personal data: never log it.
public struct CardholderName: Sendable, Equatable {
    /// The given names, first name first, separated by spaces (a hyphenated name such as `Jean-Luc` is one name).
    public var given: String
    /// The family name, which may hold spaces (`van der Berg`) or hyphens (`Villanueva-Rodriguez`).
    public var family: String
    /// A title or honorific (`Dr`, `Mrs`), printed on the carrier only; empty when none was sent.
    public var title: String = ""
    /// The order the name is written in on the card face and the carrier (track 1 is always `SURNAME/GIVEN`).
    public var order: NameOrder = .givenFirst

    /// Creates a name from its parts.
    public init(given: String, family: String) {
        self.given = given
        self.family = family
    }

    /// Splits a one-field name such as ``CardDataRecord/cardholderName``: the last word (after the last run of
    /// white space) is the family name, the words before it the given names. A name without white space, such
    /// as `王小明`, is all family name. This is a heuristic: family names of several words (`van der Berg`,
    /// `García López`) come out with all but their last word among the given names, so issuers that send the
    /// parts separately should use ``init(given:family:)``.
    public init(fullName: String) {
        if let split = LatinWords.splittingLastWord(fullName) {
            family = split.last
            given = split.others
            return
        }
        let words = fullName.split(whereSeparator: \.isWhitespace)
        family = words.last.map(String.init) ?? ""
        given = words.dropLast().joined(separator: " ")
    }

    /// The name as one line in the issuer's characters: given names, then the family name, white space
    /// collapsed. What a laser engraver or a carrier prints when the name is not transliterated.
    public var fullName: String {
        let (givenWords, familyWords) = (
            given.split(whereSeparator: \.isWhitespace), family.split(whereSeparator: \.isWhitespace)
        )
        return (order == .surnameFirst ? familyWords + givenWords : givenWords + familyWords).joined(separator: " ")
    }
}

/// Words of Latin-script text (every scalar below U+0300), split on its UTF-8 bytes. Below U+0300 a character is
/// one scalar (or CR LF, which is white space either way), so this cuts exactly where splitting the text's
/// characters would, without the cost of breaking it into characters.
enum LatinWords {
    /// The words of `text`, cut at the scalars `isCut` names (by value), or nil when `text` has a scalar at or
    /// above U+0300.
    static func split(_ text: String, at isCut: (UInt32) -> Bool) -> [ArraySlice<UInt8>]? {
        let bytes = Array(text.utf8)
        var words: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = 0
        while index < bytes.count {
            guard let (value, width) = scalar(in: bytes, at: index) else { return nil }
            if isCut(value) {
                if let first = start { words.append(bytes[first..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index += width
        }
        if let first = start { words.append(bytes[first..<bytes.count]) }
        return words
    }

    /// The scalar below U+0300 whose UTF-8 starts at `index`, and its width in bytes; nil for any other.
    @inline(__always)
    static func scalar<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at index: Int) -> (value: UInt32, width: Int)?
    where Bytes.Index == Int {
        let byte = bytes[index]
        if byte < 0x80 { return (UInt32(byte), 1) }
        // U+0080 to U+02FF
        guard (0xC2...0xCB).contains(byte), index + 1 < bytes.endIndex else { return nil }
        return (UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
    }

    /// Whether a scalar below U+0300 is white space (Unicode's White_Space property, as `Character.isWhitespace`).
    static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: true
        default: false
        }
    }

    /// Whether a scalar below U+0300 is a control character (C0, DEL or C1).
    static func isControl(_ value: UInt32) -> Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// The last word of `text`, cut at white space, and the words before it joined by single spaces, in one pass over
    /// its bytes: what ``joined(_:)`` of all but the last of ``split(_:at:)``'s words and ``text(_:)`` of the last
    /// give; nil when `text` has a scalar at or above U+0300.
    static func splittingLastWord(_ text: String) -> (others: String, last: String)? {
        var text = text
        return text.withUTF8 { bytes -> (others: String, last: String)? in
            var others = [UInt8]()
            others.reserveCapacity(bytes.count)
            var start: Int?
            var last: Range<Int>?
            func endWord(at end: Int) {
                guard let first = start else { return }
                if let previous = last {
                    if !others.isEmpty { others.append(0x20) }
                    others += bytes[previous]
                }
                last = first..<end
                start = nil
            }
            var index = 0
            while index < bytes.count {
                guard let (value, width) = scalar(in: bytes, at: index) else { return nil }
                if isWhiteSpace(value) {
                    endWord(at: index)
                } else if start == nil {
                    start = index
                }
                index += width
            }
            endWord(at: bytes.count)
            let family = last.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } ?? ""
            return (String(decoding: others, as: UTF8.self), family)
        }
    }

    /// Appends the words of `text`, cut at the scalars `isCut` names (by value), to `line`, each after a space unless
    /// `line` is empty: what joining ``split(_:at:)``'s words to `line`'s would give. False, with `line` partly
    /// written, when `text` has a scalar at or above U+0300.
    static func appendWords(_ text: String, at isCut: (UInt32) -> Bool, to line: inout [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var inWord = false
            var index = 0
            while index < bytes.count {
                guard let (value, width) = scalar(in: bytes, at: index) else { return false }
                if isCut(value) {
                    inWord = false
                } else {
                    if !inWord, !line.isEmpty { line.append(0x20) }
                    inWord = true
                    line.append(contentsOf: bytes[index..<index + width])
                }
                index += width
            }
            return true
        }
    }

    /// The number of scalars of `text` when they are all below U+0300 and none is CR, which is then its number of
    /// characters too; nil for any other text.
    static func characterCount(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            var index = 0
            while index < bytes.count {
                guard let (value, width) = scalar(in: bytes, at: index), value != 0x0D else { return nil }
                index += width
                count += 1
            }
            return count
        }
    }

    static func text(_ word: ArraySlice<UInt8>) -> String { String(decoding: word, as: UTF8.self) }

    /// The words separated by single spaces.
    static func joined(_ words: some Collection<ArraySlice<UInt8>>) -> String {
        var line = [UInt8]()
        line.reserveCapacity(words.reduce(0) { $0 + $1.count + 1 })
        for word in words {
            if !line.isEmpty { line.append(0x20) }
            line += word
        }
        return String(decoding: line, as: UTF8.self)
    }
}
