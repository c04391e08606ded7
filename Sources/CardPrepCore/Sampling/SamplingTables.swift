/// Single sampling plans of ISO 2859-1:1999 and ANSI/ASQ Z1.4: Table 1 and the master tables.
public enum SamplingTables {
    /// The sample size code letter of Table 1 for a lot size and inspection level.
    ///
    /// Table 1 starts at lot size 2; a lot of 1 item is read from the first row (and is inspected whole).
    /// - Throws: `SamplingError.invalidLotSize` for lot sizes below 1.
    public static func codeLetter(lotSize: Int, level: InspectionLevel) throws(SamplingError) -> SampleSizeCodeLetter {
        guard lotSize >= 1 else { throw .invalidLotSize(lotSize) }
        return CodeLetterTable.letter(lotSize: lotSize, level: level)
    }

    /// The single sampling plan for a lot.
    ///
    /// The code letter comes from Table 1; the plan from the master table of the severity and edition,
    /// following arrows to the first plan below or above, whose row gives both the sample size and
    /// Ac/Re. The result reports both letters: `codeLetter` (Table 1) and `planCodeLetter` (the row used).
    /// When the sample size is at least the lot size, `inspectAll` is true (100 % inspection);
    /// `sampleSize` stays the table's value.
    /// - Parameters:
    ///   - lotSize: items in the lot, at least 1.
    ///   - level: the inspection level (II unless the contract says otherwise).
    ///   - aql: the acceptance quality limit.
    ///   - severity: normal, tightened or reduced, as the switching rules say.
    ///   - edition: which standard's tables to use.
    /// - Throws: `SamplingError.invalidLotSize`, or a table defect.
    public static func plan(
        lotSize: Int, level: InspectionLevel, aql: AQL,
        severity: InspectionSeverity = .normal, edition: SamplingEdition = .iso2859_1
    ) throws(SamplingError) -> SamplingPlan {
        let letter = try codeLetter(lotSize: lotSize, level: level)
        let found = try masterTable(severity: severity, edition: edition).plan(letter: letter, aql: aql)
        return SamplingPlan(
            codeLetter: letter, planCodeLetter: found.row.letter, sampleSize: found.row.sampleSize,
            acceptNumber: found.accept, rejectNumber: found.reject, inspectAll: found.row.sampleSize >= lotSize)
    }

    /// The master table for a severity and edition (the editions differ only in the reduced table).
    static func masterTable(severity: InspectionSeverity, edition: SamplingEdition) -> MasterTable {
        switch (severity, edition) {
        case (.normal, _): .normal
        case (.tightened, _): .tightened
        case (.reduced, .iso2859_1): .reducedISO
        case (.reduced, .z14): .reducedZ14
        }
    }
}
