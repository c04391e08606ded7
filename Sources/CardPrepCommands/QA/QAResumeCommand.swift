import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep qa resume`: resume a discontinued product's inspection, on record.
struct QAResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume inspection of a customer's product after a discontinuation; it restarts on tightened inspection.",
        discussion: """
            ISO 2859-1 (9.4): after 5 lots not accepted on tightened inspection, inspection stops until the \
            producer has acted to improve quality. The ledger records who resumed it and why.

            Example: cardprep qa resume Pipelines/sample.yml --customer ACME --product VISA-CLASSIC --by "J. Chen" \
            --reason "embosser 2 head replaced"
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "The customer id.") var customer: String
    @Option(help: "The product code.") var product: String
    @Option(help: "Who decides to resume.") var by: String
    @Option(help: "The corrective action that justifies it.") var reason: String

    func validate() throws {
        for (name, value) in [("by", by), ("reason", reason)] where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--\(name) must not be empty")
        }
    }

    func run() throws {
        let (_, ledger, context) = try options.load()
        let transitions: [DefectClass: SwitchingTransition]
        do {
            transitions = try LotInspection(ledger: ledger, context: context).resume(customer: customer, product: product, by: by, reason: reason)
        } catch let error as SamplingError {
            throw CommandFailure.report(error.description, code: .usage)
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        // Each discontinued class resumes on tightened inspection; the others stay where they are.
        let resumed = DefectClass.allCases.filter { transitions[$0] != nil }
        guard let first = resumed.first.flatMap({ transitions[$0] }) else { return }
        if options.json {
            struct Output: Encodable {
                var event: SwitchingTransition.Event, severity: InspectionSeverity, reason: String
                var classes: [String: SwitchingTransition]
            }
            let classes = Dictionary(uniqueKeysWithValues: resumed.map { ($0.rawValue, transitions[$0]!) })
            return try printJSON(Output(event: first.event, severity: first.severity, reason: first.reason, classes: classes),
                                 format: .qaResume)
        }
        print("qa: \(customer)/\(product) (\(resumed.map(\.rawValue).joined(separator: ", "))): \(first.reason)")
    }
}
