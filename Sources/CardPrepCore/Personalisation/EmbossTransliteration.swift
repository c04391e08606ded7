import Foundation

/// Transliteration to the ISO 7811 embossing set (see ``EmbossName/transliterate(_:)``).
///
/// The rules work scalar by scalar once special cases are replaced and the text is decomposed, so the result for
/// the scalars of Basic Latin to Latin Extended-B (below U+0250, which is where nearly every name's characters
/// are) is worked out once with the full rules and looked up; text with any other scalar takes the full rules.
/// Decomposing scalar by scalar gives the same as decomposing the text, since NFKD never composes and only
/// reorders combining marks, which are dropped.
extension EmbossName {
    /// `text` in the embossing set, or nil when it has a letter or digit with no transliteration.
    ///
    /// 1. Letters without a decomposition are replaced: `ß`→`SS`, `Æ`→`AE`, `Ø`→`O`, `Œ`→`OE`, `Ł`→`L`,
    ///    `Đ`/`Ð`→`D`, `Þ`→`TH`, `ı`→`I`, `Ħ`→`H`, `Ŧ`→`T`, `Ŋ`→`N` (either case); apostrophe-like marks
    ///    (`’`, `‘`, `ʼ`, `ʻ`, `´`, the grave accent) become `'`, dashes become `-`, and middle dots (Catalan
    ///    `l·l`) are dropped.
    /// 2. The text is decomposed (Unicode NFKD: canonical decomposition, so `É` is `E` and an acute accent,
    ///    plus compatibility mappings, so full-width `Ｊ` from East Asian input methods is `J` and `ĳ` is `ij`)
    ///    and the combining marks and invisible format characters are dropped. Step 1 is applied again to
    ///    what the decomposition produced.
    /// 3. ASCII letters are uppercased; digits of any script become ASCII digits; `. - / '` stay; any other
    ///    punctuation, symbol, space or control character becomes a space. Any other letter, or a private-use
    ///    character, means nil.
    /// 4. Runs of spaces become one space; leading and trailing spaces go. The result may be empty.
    public static func transliterate(_ text: String) -> String? {
        transliteratedBytes(text).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``transliterate(_:)`` as ASCII bytes.
    /// - Parameter lookingUp: whether Latin text may take the table (tests compare both ways).
    static func transliteratedBytes(_ text: String, lookingUp: Bool = true) -> [UInt8]? {
        if lookingUp, let latin = latinTransliteratedBytes(text) { return latin }
        var output = TokenLine(capacity: text.utf8.count)
        let table = LatinTable.shared
        for scalar in text.unicodeScalars {
            guard lookingUp, scalar.value < LatinTable.limit else {
                guard let tokens = tokens(text) else { return nil }
                output = TokenLine(capacity: text.utf8.count)
                for token in tokens { output.add(token) }
                return output.bytes
            }
            let entry = table.entries[Int(scalar.value)]
            guard entry.length != LatinTable.untransliterable else { return nil }
            for index in Int(entry.start)..<Int(entry.start) + Int(entry.length) { output.add(table.tokens[index]) }
        }
        return output.bytes
    }

    /// Transliteration tokens made into a line: a separator becomes one space between words, none at either end.
    private struct TokenLine {
        private(set) var bytes: [UInt8] = []
        private var pendingSpace = false

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        @inline(__always)
        mutating func add(_ token: UInt8) {
            guard token != EmbossName.separator else {
                pendingSpace = !bytes.isEmpty
                return
            }
            if pendingSpace { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(token)
        }
    }

    /// ``transliteratedBytes(_:lookingUp:)`` of `text` read from its UTF-8 bytes with the table, as far as its scalars
    /// are the table's: the transliteration, or `.some(nil)` at a scalar with none; nil when a scalar at or above
    /// ``LatinTable/limit`` comes first (the full rules then take the whole text).
    private static func latinTransliteratedBytes(_ text: String) -> [UInt8]?? {
        var text = text
        let table = LatinTable.shared
        return text.withUTF8 { bytes -> [UInt8]?? in
            table.entries.withUnsafeBufferPointer { entries -> [UInt8]?? in
                table.tokens.withUnsafeBufferPointer { tokens -> [UInt8]?? in
                    var output = TokenLine(capacity: bytes.count)
                    var index = 0
                    while index < bytes.count {
                        let byte = bytes[index]
                        let value: Int
                        if byte < 0x80 {
                            value = Int(byte)
                            index += 1
                        } else if (0xC2...0xC9).contains(byte), index + 1 < bytes.count {  // U+0080 to U+027F
                            value = Int(byte & 0x1F) << 6 | Int(bytes[index + 1] & 0x3F)
                            index += 2
                            guard value < Int(LatinTable.limit) else { return nil }
                        } else {
                            return nil
                        }
                        let entry = entries[value]
                        guard entry.length != LatinTable.untransliterable else { return .some(nil) }
                        for position in Int(entry.start)..<Int(entry.start) + Int(entry.length) {
                            output.add(tokens[position])
                        }
                    }
                    return .some(output.bytes)
                }
            }
        }
    }

    /// The shape of ``transliterate(_:)`` of `text` and its count of Unicode scalars, worked out in one pass over
    /// its bytes without making the transliteration, for text whose scalars are all below U+0250 (Latin: the
    /// table's); nil for other text. The shape is nil when the text has no transliteration.
    /// - Parameter table: the table, which a caller measuring many names holds rather than looks up every time.
    static func latinTransliterationShape(
        _ text: String, table: LatinTable = .shared
    ) -> (shape: TransliterationShape?, scalars: Int)? {
        var text = text
        return text.withUTF8 { bytes in
            table.entries.withUnsafeBufferPointer { entries in
                table.tokens.withUnsafeBufferPointer { tokens in
                    var shape = TransliterationShape()
                    var transliterable = true
                    var scalars = 0
                    var lead: UInt8 = 0
                    for byte in bytes {
                        let value: Int
                        if byte < 0x80 {
                            value = Int(byte)
                        } else if byte >= 0xC0 {  // the lead byte of a longer sequence
                            guard byte <= 0xC9 else { return nil }  // U+0280 or above
                            lead = byte
                            continue
                        } else {  // the continuation byte of a two-byte sequence
                            guard lead != 0 else { return nil }
                            value = Int(lead & 0x1F) << 6 | Int(byte & 0x3F)
                            lead = 0
                            guard value < Int(LatinTable.limit) else { return nil }
                        }
                        scalars += 1
                        let entry = entries[value]
                        if entry.length == LatinTable.untransliterable {
                            transliterable = false
                            continue
                        }
                        for index in Int(entry.start)..<Int(entry.start) + Int(entry.length) { shape.add(tokens[index]) }
                    }
                    return (transliterable ? shape : nil, scalars)
                }
            }
        }
    }

    /// What stands for a space, punctuation or a symbol in a token list: runs of it become one space.
    private static let separator: UInt8 = 0x20

    /// Steps 1 to 3 of ``transliterate(_:)``: the embossing characters of `text`, with ``separator`` where a
    /// space goes, before runs of separators are collapsed; nil when a letter has no transliteration.
    private static func tokens(_ text: String) -> [UInt8]? {
        let decomposed = String(replacingSpecialCases(text.unicodeScalars)).decomposedStringWithCompatibilityMapping
        var output = [UInt8]()
        for scalar in replacingSpecialCases(decomposed.unicodeScalars) {
            switch scalar.value {
            case 0x61...0x7A: output.append(UInt8(scalar.value) - 0x20)
            case 0x41...0x5A, 0x30...0x39, 0x2E, 0x2D, 0x2F, 0x27: output.append(UInt8(scalar.value))
            case 0x00...0x7F: output.append(separator)  // other ASCII: space, punctuation, symbols, controls
            default:
                let properties = scalar.properties
                switch properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark, .format: continue
                case .decimalNumber:
                    guard let value = properties.numericValue, (0...9).contains(value) else { return nil }
                    output.append(0x30 + UInt8(value))
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .letterNumber, .otherNumber, .privateUse:
                    return nil  // private use too: some regions write name characters there
                default: output.append(separator)  // punctuation, symbols, separators, controls, unassigned
                }
            }
        }
        return output
    }

    /// The tokens of every scalar below ``limit``, from ``tokens(_:)``.
    final class LatinTable: Sendable {
        static let limit: UInt32 = 0x250
        /// The length of an entry whose scalar has no transliteration.
        static let untransliterable: UInt8 = 0xFF
        static let shared = LatinTable()

        let entries: [(start: UInt16, length: UInt8)]
        let tokens: [UInt8]

        private init() {
            var entries: [(start: UInt16, length: UInt8)] = []
            var tokens: [UInt8] = []
            for value in 0..<Self.limit {
                guard let scalar = Unicode.Scalar(value), let scalarTokens = EmbossName.tokens(String(scalar)) else {
                    entries.append((0, Self.untransliterable))
                    continue
                }
                entries.append((UInt16(tokens.count), UInt8(scalarTokens.count)))
                tokens += scalarTokens
            }
            self.entries = entries
            self.tokens = tokens
        }
    }

    private static func replacingSpecialCases(_ scalars: String.UnicodeScalarView) -> String.UnicodeScalarView {
        var output = String.UnicodeScalarView()
        for scalar in scalars {
            if let replacement = specialCases[scalar.value] {
                output.append(contentsOf: replacement.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return output
    }

    /// Replacements applied before and after decomposition (see ``transliterate(_:)``).
    private static let specialCases: [UInt32: String] = [
        0x00DF: "SS", 0x1E9E: "SS",  // ß ẞ
        0x00C6: "AE", 0x00E6: "AE",  // Æ æ
        0x00D8: "O", 0x00F8: "O",  // Ø ø
        0x0152: "OE", 0x0153: "OE",  // Œ œ
        0x0141: "L", 0x0142: "L",  // Ł ł
        0x0110: "D", 0x0111: "D",  // Đ đ
        0x00D0: "D", 0x00F0: "D",  // Ð ð
        0x00DE: "TH", 0x00FE: "TH",  // Þ þ
        0x0131: "I",  // ı
        0x0126: "H", 0x0127: "H",  // Ħ ħ
        0x0166: "T", 0x0167: "T",  // Ŧ ŧ
        0x014A: "N", 0x014B: "N",  // Ŋ ŋ
        // Apostrophes: ‘ ’ ‛ ′ ʹ ʻ ʼ ` ´ ＇
        0x2018: "'", 0x2019: "'", 0x201B: "'", 0x2032: "'", 0x02B9: "'", 0x02BB: "'", 0x02BC: "'", 0x0060: "'",
        0x00B4: "'", 0xFF07: "'",
        // Dashes: ‐ ‑ ‒ – — ― − ﹣ －
        0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2015: "-", 0x2212: "-", 0xFE63: "-",
        0xFF0D: "-",
        // Middle dots (Catalan ela geminada), dropped: · ‧ ·
        0x00B7: "", 0x2027: "", 0x0387: "",
    ]
}

/// What fitting a name needs to know of its transliteration, counted token by token as
/// ``EmbossName/transliterate(_:)`` writes them (runs of separators one space, none at either end).
struct TransliterationShape: Sendable {
    /// The transliteration's length.
    private(set) var length = 0
    /// Whether it has a character besides spaces and slashes: a word to write.
    private(set) var hasWord = false
    /// Whether every word, as fitting splits them at spaces and slashes, starts with a letter or digit, so that
    /// a family name cut to fit keeps at least its first character.
    private(set) var wordsStartAlphanumeric = true
    private var pendingSpace = false
    private var atWordStart = true

    /// The shape of already transliterated `bytes`.
    init(of bytes: [UInt8]) { for byte in bytes { add(byte) } }

    init() {}

    /// Counts one token: a character of the embossing set, or a space (a separator).
    mutating func add(_ token: UInt8) {
        guard token != 0x20 else {
            pendingSpace = length > 0
            atWordStart = true
            return
        }
        if pendingSpace { length += 1 }
        pendingSpace = false
        length += 1
        guard token != UInt8(ascii: "/") else {
            atWordStart = true
            return
        }
        hasWord = true
        if atWordStart, !((0x41...0x5A).contains(token) || (0x30...0x39).contains(token)) { wordsStartAlphanumeric = false }
        atWordStart = false
    }
}
