import CardPrepCore

/// How one card is written in a job file, per machine layout. Job files hold card data and are only ever
/// written through an age encryptor to the station's key.
///
/// Every job file starts with `#CARDPREP-JOB|1|<job>|<machine>|<layout>|<cards>` and ends with `#END|<cards>`.
/// - `emboss-text`: `<seq>|<batch>|<number line>|<expiry line>|<name line>|<track 1>|<track 2>|<chip TLV hex>` (tracks
///   with sentinels and LRC, empty when the card has no stripe; the chip data only for embossers that encode chips)
/// - `laser-csv`: `seq,batch,number,name,expiry` with RFC 4180 quoting; names in Unicode where the machine allows
/// - `chip-tlv`: `<seq>|<batch>|<BER-TLV of the EMV data objects, upper-case hex>`
enum JobFileLayout {
    static func header(job: String, machine: MachineProfile, cards: Int) -> String {
        "#CARDPREP-JOB|1|\(job)|\(machine.id)|\(machine.layout.rawValue)|\(cards)\n"
            + (machine.layout == .laserCSV ? "seq,batch,number,name,expiry\n" : "")
    }

    static func trailer(cards: Int) -> String { "#END|\(cards)\n" }

    static func line(_ record: PersonalisationRecord, sequence: Int, batch: String, layout: MachineProfile.Layout) -> String {
        switch layout {
        case .embossText:
            return [String(sequence), batch, record.emboss.numberLine, record.emboss.expiryLine ?? "", record.emboss.nameLine.text,
                    record.track1?.characters ?? "", record.track2?.characters ?? "",
                    Hex.encode(BERTLV.encode(record.chipData)).uppercased()].joined(separator: "|") + "\n"
        case .laserCSV:
            return [String(sequence), batch, record.emboss.numberLine, record.emboss.nameLine.text, record.emboss.expiryLine ?? ""]
                .map(csvField).joined(separator: ",") + "\n"
        case .chipTLV:
            return "\(sequence)|\(batch)|\(Hex.encode(BERTLV.encode(record.chipData)).uppercased())\n"
        }
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
