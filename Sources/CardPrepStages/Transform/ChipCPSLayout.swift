import CardPrepCore

/// The `chip-cps` job layout, for chip encoders that load EMV CPS data groupings (EMV Card Personalization
/// Specification v1.1, section 5).
///
/// After the job's first line come two comment lines that say what the file holds and what it does not:
///
/// ```
/// #CPS|1|DGIs 0101 0201 9102
/// #CPS-SECRET|not produced: DGIs 8000-8FFF (keys, PINs) come from the issuer's key management, not from CardPrep
/// ```
///
/// Each card is then `<seq>|<batch>|<data groupings>`: its groupings one after another in upper-case hex, each
/// the DGI (two bytes), its length (one byte, or `FF` and two bytes from 255 on) and its data. A record's DGI is
/// its SFI and record number (`0101` is SFI 1, record 1) and holds the READ RECORD response template `70` with the
/// record's data objects in the order of the product's chip application profile (`chip.records` of the customer
/// profile); DGI `9102` holds the FCI proprietary template `A5` of the SELECT response (`chip.select_response`).
/// A record for which a card has no data object is left out of its line.
enum ChipCPSLayout {
    /// The two comment lines after the job's first line.
    static func header(records: ChipRecordMap?) -> String {
        var identifiers = (records?.records ?? []).map { Hex.encode([UInt8($0.sfi), UInt8($0.record)]).uppercased() }
        if !(records?.selectResponse.isEmpty ?? true) { identifiers.append("9102") }
        let secret = DataGrouping.secretRange
        return "#CPS|1|DGIs \(identifiers.joined(separator: " "))\n"
            + "#CPS-SECRET|not produced: DGIs \(hex(secret.lowerBound))-\(hex(secret.upperBound)) (keys, PINs) come from the "
            + "issuer's key management, not from CardPrep\n"
    }

    private static func hex(_ value: UInt16) -> String { Hex.encode([UInt8(value >> 8), UInt8(value & 0xFF)]).uppercased() }
}
