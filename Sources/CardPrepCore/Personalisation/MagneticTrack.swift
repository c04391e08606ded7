/// One magnetic stripe track, encoded per ISO/IEC 7813 and ISO/IEC 7811-2.
///
/// Holds card data: its ``description`` says only which track and how long.
public struct EncodedTrack: Sendable, Equatable, CustomStringConvertible {
    /// 1 or 2.
    public let track: Int
    /// The characters between the start and end sentinels, as most encoders take them: for track 1 from the
    /// format code `B` to the end of the discretionary data, for track 2 from the card number to the end of
    /// the discretionary data.
    public var data: String { String(decoding: characters.utf8.dropFirst().dropLast(2), as: UTF8.self) }
    /// Everything written to the stripe, as text: start sentinel, ``data``, end sentinel and LRC character.
    public let characters: String
    /// Each of ``characters`` as recorded, least significant bit first on the stripe: the character's data
    /// bits (6 for track 1, 4 for track 2) with the odd-parity bit above them (bit 7, value 0x40, for
    /// track 1; bit 5, value 0x10, for track 2).
    public var codes: [UInt8] {
        let set = track == 1 ? StripeCharacterSet.track1 : .track2
        return characters.utf8.map { set.code($0 - set.offset) }
    }

    /// The longitudinal redundancy check character, the last of ``characters``.
    public var lrc: Character { characters.last ?? " " }

    public var description: String { "track \(track) (\(characters.count) characters)" }

    init(track: Int, data: [UInt8], set: StripeCharacterSet) {
        var characters = [UInt8]()
        characters.reserveCapacity(data.count + 3)
        characters.append(set.startSentinel)
        characters += data
        characters.append(set.endSentinel)
        var lrc: UInt8 = 0
        for byte in characters { lrc ^= byte - set.offset }
        characters.append(lrc + set.offset)
        self.track = track
        self.characters = String(decoding: characters, as: UTF8.self)
    }
}

/// The character sets of ISO/IEC 7811-2 tracks: a contiguous run of ASCII, each character recorded as its
/// offset from the run's start with an odd-parity bit.
struct StripeCharacterSet: Sendable {
    /// The ASCII value of the set's character 0.
    let offset: UInt8
    /// Data bits per character.
    let bits: Int
    let startSentinel: UInt8
    let endSentinel: UInt8
    let fieldSeparator: UInt8

    /// Track 1: 6-bit characters, ASCII space (0x20) to underscore (0x5F).
    static let track1 = Self(
        offset: 0x20, bits: 6, startSentinel: UInt8(ascii: "%"), endSentinel: UInt8(ascii: "?"), fieldSeparator: UInt8(ascii: "^"))
    /// Track 2: 4-bit characters, ASCII `0` (0x30) to `?` (0x3F).
    static let track2 = Self(
        offset: 0x30, bits: 4, startSentinel: UInt8(ascii: ";"), endSentinel: UInt8(ascii: "?"), fieldSeparator: UInt8(ascii: "="))

    /// Whether `scalar` may stand in a data field: in the set and neither a sentinel nor the field separator.
    func allowsInData(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= offset, scalar.value < UInt32(offset) + (1 << bits) else { return false }
        let byte = UInt8(scalar.value)
        return byte != startSentinel && byte != endSentinel && byte != fieldSeparator
    }

    /// `value` with its odd-parity bit set above the data bits when its own bits are even in number.
    func code(_ value: UInt8) -> UInt8 {
        value.nonzeroBitCount % 2 == 0 ? value | (1 << bits) : value
    }
}

/// ISO/IEC 7813 track 1, format B, for bank cards.
///
/// `%` `B` PAN `^` NAME `^` YYMM service-code discretionary-data `?` LRC: at most 79 characters, sentinels and
/// LRC included. The LRC character is the exclusive or of the 6-bit values of all characters from the start
/// sentinel to the end sentinel (each bit position even in total over those characters and the LRC), recorded
/// with its own odd-parity bit (ISO/IEC 7811-2).
public enum Track1 {
    /// The longest track 1, start sentinel, end sentinel and LRC included.
    public static let maximumLength = 79
    /// The format code of bank cards.
    public static let formatCode: Character = "B"
    /// The lengths ISO/IEC 7813 allows in the name field.
    public static let nameLengths = 2...EmbossName.track1MaximumLength

    /// The name field for `name`: `SURNAME/GIVEN NAMES`, transliterated and fitted to 26 characters
    /// (see ``EmbossName/fit(_:form:maximumLength:policy:)``).
    /// - Throws: ``PersonalisationError/nameNotTransliterable`` for a name with no transliteration (a track
    ///   cannot carry it), and as ``EmbossName/fit(_:form:maximumLength:policy:)`` does.
    public static func name(for name: CardholderName, policy: NameFitPolicy) throws(PersonalisationError) -> FittedName {
        switch try EmbossName.fit(name, form: .surnameFirst, maximumLength: EmbossName.track1MaximumLength, policy: policy) {
        case .fitted(let fitted): return fitted
        case .needsLaserEngraving: throw .nameNotTransliterable
        }
    }

    /// Track 1 for a card.
    /// - Parameters:
    ///   - pan: 8 to 19 digits.
    ///   - name: the name field, 2 to 26 characters of the embossing set (`A`–`Z`, `0`–`9`, space, `. - / '`),
    ///     normally from ``name(for:policy:)``.
    ///   - expiry: `YYMM`.
    ///   - serviceCode: three digits.
    ///   - discretionaryData: any track 1 characters (ASCII space to `_`) but `%`, `^` and `?`.
    /// - Throws: ``PersonalisationError`` for a field that is malformed or a track longer than 79 characters.
    public static func encode(
        pan: String, name: String, expiry: String, serviceCode: String, discretionaryData: String = ""
    ) throws(PersonalisationError) -> EncodedTrack {
        let set = StripeCharacterSet.track1
        try CardFields.checkPAN(pan)
        guard nameLengths.contains(name.count) else {
            throw .invalidLength(field: .cardholderName, length: name.count, allowed: nameLengths)
        }
        try CardFields.checkCharacters(name, field: .cardholderName) { $0.isASCII && EmbossName.isEmbossable(UInt8($0.value)) }
        try check(
            pan: pan, nameLength: name.utf8.count, expiry: expiry, serviceCode: serviceCode, discretionaryData: discretionaryData)
        var data = [UInt8]()
        data.reserveCapacity(pan.utf8.count + name.utf8.count + discretionaryData.utf8.count + 10)
        data += String(formatCode).utf8
        data += pan.utf8
        data.append(set.fieldSeparator)
        data += name.utf8
        data.append(set.fieldSeparator)
        data += expiry.utf8
        data += serviceCode.utf8
        data += discretionaryData.utf8
        return EncodedTrack(track: 1, data: data, set: set)
    }

    /// Checks what ``encode(pan:name:expiry:serviceCode:discretionaryData:)`` checks besides the name field, for a
    /// name field of `nameLength` characters, without encoding anything: validation asks it of every record.
    /// - Throws: ``PersonalisationError`` for a malformed card number, expiry, service code or discretionary data,
    ///   or ``PersonalisationError/trackTooLong(track:length:maximum:)``.
    public static func check(
        pan: String, nameLength: Int, expiry: String, serviceCode: String, discretionaryData: String
    ) throws(PersonalisationError) {
        try CardFields.checkPAN(pan)
        try CardFields.checkExpiry(expiry)
        try CardFields.checkServiceCode(serviceCode)
        try CardFields.checkCharacters(
            discretionaryData, field: .track1DiscretionaryData, allowed: StripeCharacterSet.track1.allowsInData)
        // Start sentinel, format code, PAN, separator, name, separator, YYMM, service code, data, end sentinel, LRC.
        let length = 3 + pan.utf8.count + nameLength + 4 + 3 + discretionaryData.utf8.count + 3
        guard length <= maximumLength else { throw .trackTooLong(track: 1, length: length, maximum: maximumLength) }
    }
}

/// ISO/IEC 7813 track 2.
///
/// `;` PAN `=` YYMM service-code discretionary-data `?` LRC: at most 40 characters, sentinels and LRC included.
/// The LRC character is the exclusive or of the 4-bit values of all characters from the start sentinel to the
/// end sentinel, recorded with its own odd-parity bit (ISO/IEC 7811-2).
public enum Track2 {
    /// The longest track 2, start sentinel, end sentinel and LRC included.
    public static let maximumLength = 40

    /// Track 2 for a card.
    /// - Parameters:
    ///   - pan: 8 to 19 digits.
    ///   - expiry: `YYMM`.
    ///   - serviceCode: three digits.
    ///   - discretionaryData: digits only.
    /// - Throws: ``PersonalisationError`` for a field that is malformed or a track longer than 40 characters.
    public static func encode(
        pan: String, expiry: String, serviceCode: String, discretionaryData: String = ""
    ) throws(PersonalisationError) -> EncodedTrack {
        let set = StripeCharacterSet.track2
        try check(pan: pan, expiry: expiry, serviceCode: serviceCode, discretionaryData: discretionaryData)
        var data = [UInt8]()
        data.reserveCapacity(pan.utf8.count + discretionaryData.utf8.count + 8)
        data += pan.utf8
        data.append(set.fieldSeparator)
        data += expiry.utf8
        data += serviceCode.utf8
        data += discretionaryData.utf8
        return EncodedTrack(track: 2, data: data, set: set)
    }

    /// Checks what ``encode(pan:expiry:serviceCode:discretionaryData:)`` checks, without encoding anything:
    /// validation asks it of every record.
    /// - Throws: as ``encode(pan:expiry:serviceCode:discretionaryData:)`` does.
    public static func check(
        pan: String, expiry: String, serviceCode: String, discretionaryData: String
    ) throws(PersonalisationError) {
        try CardFields.checkPAN(pan)
        try CardFields.checkExpiry(expiry)
        try CardFields.checkServiceCode(serviceCode)
        try CardFields.checkCharacters(discretionaryData, field: .track2DiscretionaryData) { (0x30...0x39).contains($0.value) }
        // Start sentinel, PAN, separator, YYMM, service code, data, end sentinel, LRC.
        let length = 2 + pan.utf8.count + 4 + 3 + discretionaryData.utf8.count + 2
        guard length <= maximumLength else { throw .trackTooLong(track: 2, length: length, maximum: maximumLength) }
    }
}
