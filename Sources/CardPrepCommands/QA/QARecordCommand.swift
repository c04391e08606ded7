import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep qa record`: decide a lot from its inspection results, on a statement the inspector signs.
struct QARecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Decide a lot from its inspection results, signed by the inspector, and apply the switching rules.",
        discussion: """
            RESULTS.csv has the header serial,class,code,inspector; class is critical, major, minor or none (a \
            conforming card); a card with several defects has a line per defect; inspector is the person id (in the \
            register of people) of who inspected the card, each one a person the qa.decide rule admits (by default \
            the qa-inspector role). Every sampled card must be inspected and no other card: otherwise nothing is \
            recorded (exit 64).

            Run first without --statement: the lot is decided from the results, and the qa.decide statement naming \
            the inspector, the results file's SHA-256, each defect class's n, Ac, Re and cards found, and the decision \
            is written under <output>/statements and printed with the commands to sign it (exit 64 until it is \
            signed). The inspector named by --inspector signs it with their own key and answers for the decision; \
            with the statement and the signature the decision is recorded with the inspector as the one who decided. \
            A signature that does not verify, a key not in the register, a person without the inspector's role, a \
            statement of another lot or decision, results changed since the statement was printed, a stale or used \
            statement: exit 5, nothing recorded. A lot not accepted exits with 4.

            Example: cardprep qa record Pipelines/sample.yml --lot 3f2a9c0d11e4-J01-B001 --inspector carol results.csv
            then, once carol has signed, the command it printed, which adds --statement and --signature.
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "The lot id.") var lot: String
    @Option(help: "The person id (in the register of people) of the inspector who signs the decision.") var inspector: String
    @Option(help: "A note for the record, part of the signed statement.") var reason = "sample inspected"
    @Argument(help: "The results file (serial,class,code,inspector).") var results: String
    @OptionGroup var signed: StatementOptions

    func run() throws {
        let (definition, ledger, context) = try options.load()
        guard let data = FileManager.default.contents(atPath: results) else {
            throw CommandFailure.report("cannot read \(results)", code: .usage)
        }
        let bytes = Array(data)
        var hash = StreamingSHA256()
        hash.update(bytes)
        let digest = hash.hex()
        try refuseChangedResults(digest: digest)
        let parsed = try failing(.usage) {
            try InspectionResults.parse(csv: String(decoding: bytes, as: UTF8.self), file: results)
        }
        let dualControl = try options.dualControl(definition, ledger, context)
        let inspection = LotInspection(ledger: ledger, context: context)
        let pending: PendingLotDecision
        do {
            pending = try inspection.decide(
                lotID: lot, results: parsed, resultsDigest: digest, register: dualControl.register,
                rule: definition.dualControl.rule(for: .qaDecide))
        } catch let error as InspectionError {
            throw CommandFailure.report(error.description, code: .usage)
        } catch {
            throw CommandFailure.report(error)
        }
        let rerun =
            options.commandWords("record", pipeline: definition)
            + [
                "--lot", lot, "--inspector", inspector, "--reason", reason,
                URL(fileURLWithPath: results).standardizedFileURL.path,
            ]
        let approval = try signed.approval(
            for: pending.request(pipeline: definition, inspector: inspector, reason: reason), dualControl: dualControl,
            rerun: rerun, json: options.json)
        let record: LotDecisionRecordView
        do {
            record = LotDecisionRecordView(try inspection.record(pending, approval: approval))
        } catch let error as InspectionError {
            throw CommandFailure.report(error.description, code: .usage)
        } catch {
            throw CommandFailure.report(error)
        }
        if options.json { try printJSON(record.json, format: .qaDecision) } else { print(record.text) }
        if !record.decision.accepted { throw ExitCode(CardPrepExitCode.discrepancyFound.rawValue) }
    }

    /// Refuses, before anything else, a signed statement of this lot whose results digest is not that of the results
    /// file now: the file changed after the statement was printed, and the inspector did not sign what it says now.
    /// (Any other mismatch is found when the statement is verified.)
    private func refuseChangedResults(digest: String) throws {
        guard let file = signed.statement, let data = FileManager.default.contents(atPath: file),
            let statement = try? Statement(parsing: String(decoding: data, as: UTF8.self)),
            statement.action == ControlledAction.qaDecide.rawValue, statement.subject == "lot \(lot)",
            let signedDigest = statement.field("results-sha256"), signedDigest != digest
        else { return }
        throw CommandFailure.report(
            "\(results) changed after the statement was printed: its SHA-256 is \(digest), the statement \(file) names "
                + "\(signedDigest); nothing recorded: run without --statement to print a statement of these results",
            code: .verificationFailed)
    }
}

/// A recorded decision as the command prints it.
struct LotDecisionRecordView {
    var decision: LotDecision
    var text: String
    /// The decision's fields, with who decided (`decidedBy`) and the SHA-256 of the statement they signed
    /// (`statement`).
    var json: SignedDecisionJSON

    /// The JSON of a decision: `LotDecision`'s keys, then `decidedBy` and `statement`.
    struct SignedDecisionJSON: Encodable {
        var decision: LotDecision
        var decidedBy: String
        var statement: String?

        enum Keys: String, CodingKey { case decidedBy, statement }

        func encode(to encoder: any Encoder) throws {
            try decision.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(decidedBy, forKey: .decidedBy)
            try container.encodeIfPresent(statement, forKey: .statement)
        }
    }

    init(_ record: CardPrepLedger.LotDecisionRecord) {
        decision = record.decision
        json = SignedDecisionJSON(decision: record.decision, decidedBy: record.recordedBy, statement: record.statement)
        var lines = [
            "Lot \(record.lotID): \(record.accepted ? "ACCEPTED" : "NOT ACCEPTED") (\(record.severity.rawValue) inspection)"
        ]
        if let signature = record.signature {
            lines.append(
                "  decided by \(signature.inspectorName) (\(record.recordedBy)), key \(signature.inspectorKey), "
                    + "statement \(signature.statement)")
        }
        for item in record.decision.classes {
            lines.append(
                "  \(item.defectClass.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) AQL \(item.aql)  n=\(item.inspected)  "
                    + "Ac=\(item.acceptNumber) Re=\(item.rejectNumber)  found \(item.nonconforming)  \(item.accepted ? "accept" : "reject")"
            )
        }
        lines.append(String(format: "  qualification rate %.2f %%", record.decision.qualificationRate))
        if let transition = record.transition {
            lines.append("  switching: \(transition.reason) → \(transition.severity.rawValue)")
        }
        text = lines.joined(separator: "\n")
    }
}
