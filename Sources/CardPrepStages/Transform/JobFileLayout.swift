import CardPrepCore
import Foundation

/// How one card is written in a job file, per machine layout. Job files hold card data and are only ever
/// written through an age encryptor to the station's key.
///
/// Every job file starts with `#CARDPREP-JOB|1|<job>|<machine>|<layout>|<cards>` and ends with `#END|<cards>`.
/// - `emboss-text`: `<seq>|<batch>|<number line>|<expiry line>|<name line>|<track 1>|<track 2>|<chip TLV hex>` (tracks
///   with sentinels and LRC, empty when the card has no stripe; the chip data only for embossers that encode chips)
/// - `laser-csv`: `seq,batch,number,name,expiry` with RFC 4180 quoting; names in Unicode where the machine allows;
///   a last column `cvv2` for products that print CVV2
/// - `chip-tlv`: `<seq>|<batch>|<BER-TLV of the EMV data objects, upper-case hex>`
/// - `chip-cps`: `<seq>|<batch>|<EMV CPS data groupings, upper-case hex>` (see ``ChipCPSLayout``)
///
/// A machine with an inline carrier printer (`carrier_printer: true`) gets, after these fields, the match key to
/// print on the card, the match key to print on the carrier (the same key: the camera or operator pairs them)
/// and the carrier's address block, one field per line of the carrier layout (empty fields below the last line):
/// `…|<card match key>|<carrier match key>|<carrier line 1>|…|<carrier line N>`, or in `laser-csv` the columns
/// `card_match_key,carrier_match_key,carrier_line_1,…,carrier_line_N`. A carrier line holds no `|` (see
/// ``CarrierAddress``).
enum JobFileLayout {
    static func header(job: String, machine: MachineProfile, cards: Int, settings: PersonalisationSettings) -> String {
        var text = "#CARDPREP-JOB|1|\(job)|\(machine.id)|\(machine.layout.rawValue)|\(cards)\n"
        switch machine.layout {
        case .laserCSV:
            var columns = "seq,batch,number,name,expiry" + (settings.cardValues?.printsCVV2 == true ? ",cvv2" : "")
            if let carrier = machine.carrier {
                columns += ",card_match_key,carrier_match_key"
                for line in 1...carrier.maximumLines { columns += ",carrier_line_\(line)" }
            }
            text += columns + "\n"
        case .chipCPS: text += ChipCPSLayout.header(records: settings.chip?.records)
        default: break
        }
        return text
    }

    /// What a machine with a carrier printer gets for each card beside the card's own fields.
    struct CarrierFields {
        /// The job's identifier, for the match key.
        var job: String
        /// The parts of the match key.
        var matchKey: CarrierMatchKey
        /// The fields the address block fills (the carrier layout's lines).
        var lines: Int
    }

    static func trailer(cards: Int) -> String { "#END|\(cards)\n" }

    /// The line of `record`, as text.
    static func line(
        _ record: PersonalisationRecord, sequence: Int, batch: String, layout: MachineProfile.Layout, carrier: CarrierFields? = nil
    ) -> String {
        var bytes = [UInt8]()
        appendLine(record, sequence: sequence, batch: batch, layout: layout, carrier: carrier, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the line of `record`, newline included, to `output`.
    static func appendLine(
        _ record: PersonalisationRecord, sequence: Int, batch: String, layout: MachineProfile.Layout,
        carrier: CarrierFields? = nil, to output: inout [UInt8]
    ) {
        let bar = UInt8(ascii: "|")
        switch layout {
        case .embossText:
            appendDecimal(sequence, to: &output)
            func field(_ text: String?) {
                output.append(bar)
                if let text { output += text.utf8 }
            }
            field(batch)
            field(record.emboss.numberLine)
            field(record.emboss.expiryLine)
            field(record.emboss.nameLine.text)
            field(record.track1?.characters)
            field(record.track2?.characters)
            output.append(bar)
            appendChipHex(record.chipData, to: &output)
        case .laserCSV:
            appendDecimal(sequence, to: &output)
            output.append(UInt8(ascii: ","))
            appendCSVField(batch, to: &output)
            output.append(UInt8(ascii: ","))
            appendCSVField(record.emboss.numberLine, to: &output)
            output.append(UInt8(ascii: ","))
            appendCSVField(record.emboss.nameLine.text, to: &output)
            output.append(UInt8(ascii: ","))
            appendCSVField(record.emboss.expiryLine ?? "", to: &output)
            if let cvv2 = record.cvv2 {
                output.append(UInt8(ascii: ","))
                output += cvv2.utf8
            }
        case .chipTLV:
            appendDecimal(sequence, to: &output)
            output.append(bar)
            output += batch.utf8
            output.append(bar)
            appendChipHex(record.chipData, to: &output)
        case .chipCPS:
            appendDecimal(sequence, to: &output)
            output.append(bar)
            output += batch.utf8
            output.append(bar)
            Hex.appendUppercase(record.dataGroupings.flatMap(\.encoded), to: &output)
        }
        if let carrier {
            let key = carrier.matchKey.key(job: carrier.job, batch: batch, sequence: sequence, record: record)
            func field(_ text: String) {
                if layout == .laserCSV {
                    output.append(UInt8(ascii: ","))
                    appendCSVField(text, to: &output)
                } else {
                    output.append(bar)
                    output += text.utf8
                }
            }
            field(key)
            field(key)
            for index in 0..<carrier.lines { field(index < record.carrierLines.count ? record.carrierLines[index] : "") }
        }
        output.append(UInt8(ascii: "\n"))
    }

    /// The BER-TLV encoding of the data objects in upper-case hex.
    private static func appendChipHex(_ objects: [TLV], to output: inout [UInt8]) {
        guard !objects.isEmpty else { return }
        var encoded = [UInt8]()
        encoded.reserveCapacity(96)
        BERTLV.append(objects, to: &encoded)
        Hex.appendUppercase(encoded, to: &output)
    }

    /// `value` in decimal digits, as `String(value)` writes it.
    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        guard value >= 0 else {
            output += String(value).utf8
            return
        }
        var count = 0
        var rest = value
        repeat {
            count += 1
            rest /= 10
        } while rest > 0
        let start = output.count
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        rest = value
        for index in stride(from: start + count - 1, through: start, by: -1) {
            output[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }

    /// An RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, a quote or a line break.
    private static func appendCSVField(_ text: String, to output: inout [UInt8]) {
        let utf8 = text.utf8
        // One pass: whether the text is ASCII, whether it holds a comma, quote or line feed byte, and whether one of
        // them needs quotes when each character is one byte ("\r\n" is one character, not a line break on its own,
        // as `csvField` sees it).
        var nonASCII = false
        var special = false
        var needsQuotes = false
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte >= 0x80 { nonASCII = true }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A {
                special = true
                if byte != 0x0A || previous != 0x0D { needsQuotes = true }
            }
            previous = byte
        }
        guard !nonASCII else {
            // Text without a comma, quote or line feed byte has no such character either: it is written as it is.
            guard special else {
                output += utf8
                return
            }
            output += csvField(text).utf8  // grapheme-aware for any other text
            return
        }
        guard needsQuotes else {
            output += utf8
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in utf8 {
            output.append(byte)
            if byte == UInt8(ascii: "\"") { output.append(byte) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
