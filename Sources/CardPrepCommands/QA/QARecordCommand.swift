import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep qa record`: record a lot's inspection results and decide it.
struct QARecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a lot's inspection results, decide accept or reject per defect class, and apply the switching rules.",
        discussion: """
            RESULTS.csv has the header serial,class,code,inspector; class is critical, major, minor or none (a \
            conforming card); a card with several defects has a line per defect. Every sampled card must be \
            inspected and no other card: otherwise nothing is recorded (exit 64). A lot not accepted exits with 4.

            Example: cardprep qa record Pipelines/sample.yml --lot 3f2a9c0d11e4-J01-B001 results.csv
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "The lot id.") var lot: String
    @Argument(help: "The results file (serial,class,code,inspector).") var results: String

    func run() throws {
        let (_, ledger, context) = try options.load()
        let parsed = try failing(.usage) { try InspectionResults.parse(csv: readTextFile(results), file: results) }
        let record: LotDecisionRecordView
        do {
            record = LotDecisionRecordView(try LotInspection(ledger: ledger, context: context).record(lotID: lot, results: parsed))
        } catch let error as InspectionError {
            throw CommandFailure.report(error.description, code: .usage)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        if options.json { try printJSON(record.decision) } else { print(record.text) }
        if !record.decision.accepted { throw ExitCode(CardPrepExitCode.discrepancyFound.rawValue) }
    }
}

/// A recorded decision as the command prints it.
struct LotDecisionRecordView {
    var decision: LotDecision
    var text: String

    init(_ record: CardPrepLedger.LotDecisionRecord) {
        decision = record.decision
        var lines = ["Lot \(record.lotID): \(record.accepted ? "ACCEPTED" : "NOT ACCEPTED") (\(record.severity.rawValue) inspection)"]
        for item in record.decision.classes {
            lines.append("  \(item.defectClass.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) AQL \(item.aql)  n=\(item.inspected)  "
                + "Ac=\(item.acceptNumber) Re=\(item.rejectNumber)  found \(item.nonconforming)  \(item.accepted ? "accept" : "reject")")
        }
        lines.append(String(format: "  qualification rate %.2f %%", record.decision.qualificationRate))
        if let transition = record.transition { lines.append("  switching: \(transition.reason) → \(transition.severity.rawValue)") }
        text = lines.joined(separator: "\n")
    }
}
