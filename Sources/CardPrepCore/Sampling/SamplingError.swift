/// Errors of sampling plan look-ups and switching-state updates.
public enum SamplingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The lot size is below 1.
    case invalidLotSize(Int)
    /// The text names no preferred AQL value.
    case unknownAQL(String)
    /// The text names no inspection level.
    case unknownInspectionLevel(String)
    /// A master table row could not be read (a defect in the table data itself).
    case malformedTable(table: String, row: String)
    /// An arrow in a master table leads to no plan (a defect in the table data itself).
    case unresolvedArrow(table: String, codeLetter: String, aql: String)
    /// A lot was recorded while inspection is discontinued.
    case inspectionDiscontinued
    /// Resume was asked for while inspection is not discontinued.
    case notDiscontinued
    /// Resume needs a person and a reason.
    case missingResumeDetails

    public var description: String {
        switch self {
        case .invalidLotSize(let size): "lot size must be at least 1, got \(size)"
        case .unknownAQL(let text):
            "unknown AQL '\(text)': use one of \(AQL.preferredValues.joined(separator: ", "))"
        case .unknownInspectionLevel(let text):
            "unknown inspection level '\(text)': use one of \(InspectionLevel.allCases.map(\.rawValue).joined(separator: ", "))"
        case .malformedTable(let table, let row): "master table \(table) has a malformed row: \(row)"
        case .unresolvedArrow(let table, let letter, let aql):
            "master table \(table): the arrow at code letter \(letter), AQL \(aql) leads to no plan"
        case .inspectionDiscontinued:
            "inspection is discontinued (5 lots not accepted on tightened inspection); resume it before recording lots"
        case .notDiscontinued: "inspection is not discontinued; nothing to resume"
        case .missingResumeDetails: "resuming inspection needs who resumes it and why"
        }
    }
}
