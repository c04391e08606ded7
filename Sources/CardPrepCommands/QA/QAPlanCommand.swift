import ArgumentParser
import CardPrepCore
import Foundation

extension InspectionSeverity: ExpressibleByArgument {}
extension SamplingEdition: ExpressibleByArgument {}

/// `cardprep qa plan`: the single sampling plan for a lot.
public struct QAPlanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the ISO 2859-1 single sampling plan for a lot.",
        discussion: """
            The code letter comes from Table 1; the plan from the master table of the severity, with
            arrows followed to the row they point to (planCodeLetter), whose sample size and Ac/Re are used.
            inspectAll is true when the sample size is at least the lot size (100 % inspection).
            """
    )

    @Option(help: "Number of items in the lot (at least 1).")
    var lotSize: Int

    @Option(help: "Inspection level: S-1, S-2, S-3, S-4, I, II or III.")
    var level: String = "II"

    @Option(help: "Acceptance quality limit, one of the preferred values 0.010 ... 1000.")
    var aql: String

    @Option(help: "normal, tightened or reduced.")
    var severity: InspectionSeverity = .normal

    @Option(help: "iso2859-1 (= GB/T 2828.1) or z1.4 (ANSI/ASQ Z1.4, MIL-STD-105E).")
    var edition: SamplingEdition = .iso2859_1

    @Flag(help: "Print a JSON object with sorted keys.")
    var json = false

    public init() {}

    public func validate() throws {
        guard lotSize >= 1 else { throw ValidationError(SamplingError.invalidLotSize(lotSize).description) }
        do {
            _ = try AQL(parsing: aql)
            _ = try InspectionLevel(parsing: level)
        } catch {
            throw ValidationError(error.description)
        }
    }

    public func run() throws {
        let plan = try SamplingTables.plan(
            lotSize: lotSize, level: InspectionLevel(parsing: level), aql: AQL(parsing: aql),
            severity: severity, edition: edition)
        print(json ? try Self.json(plan) : Self.text(plan, lotSize: lotSize, severity: severity, edition: edition))
    }

    /// The plan as a JSON object with sorted keys (a contract for scripts, format `cardprep-qa-plan/1`).
    /// - Throws: an encoding error (not expected for these values).
    public static func json(_ plan: SamplingPlan) throws -> String {
        try jsonText(plan, format: .qaPlan)
    }

    /// The plan for a person.
    public static func text(
        _ plan: SamplingPlan, lotSize: Int, severity: InspectionSeverity, edition: SamplingEdition
    ) -> String {
        let title = edition == .iso2859_1 ? "ISO 2859-1:1999" : "ANSI/ASQ Z1.4"
        var lines = [
            "\(title) single sampling, \(severity.rawValue) inspection",
            "Lot size:      \(lotSize)",
            "Code letter:   \(plan.codeLetter.rawValue)"
                + (plan.planCodeLetter == plan.codeLetter ? "" : " (arrow: plan of row \(plan.planCodeLetter.rawValue))"),
            "Sample size:   \(plan.sampleSize)",
            "Accept (Ac):   \(plan.acceptNumber) or fewer nonconforming",
            "Reject (Re):   \(plan.rejectNumber) or more nonconforming",
        ]
        if plan.rejectNumber > plan.acceptNumber + 1 {
            lines.append("Between Ac and Re: accept the lot and reinstate normal inspection.")
        }
        if plan.inspectAll {
            lines.append("The sample size reaches the lot size: inspect all \(lotSize) items (100 % inspection).")
        }
        return lines.joined(separator: "\n")
    }
}
