import CardPrepCore
import CardPrepLedger
import Foundation
import Logging

/// Runs one stage over the drops the ledger says are due for it, one by one. A drop the stage throws on is
/// recorded as failed (stage, error, fix) and the run goes on with the other drops; a ledger failure stops the run.
///
/// With `claiming`, each drop's stage is claimed first (`DropClaiming`): a drop another live worker holds is skipped
/// and reported (`heldElsewhere`); a drop another worker moved since the list was read is left alone; a stage whose
/// claim was lost while it worked is refused at its writes and reported (`refused`), not failed.
struct StageRunner {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    /// How drops are claimed; nil for a dry run, which takes nothing.
    var claiming: DropClaiming? = nil

    func run<S: Stage>(_ stage: inout S, progress: (Int, Int) -> Void = { _, _ in }) throws -> StageResults<S.Result> {
        var results = StageResults<S.Result>()
        let due = try ledger.drops(in: stage.takes).filter { try stage.isDue($0) }
        guard !due.isEmpty else { return results }
        if context.dryRun {
            results.planned = due
            return results
        }
        try stage.prepare()
        let outbox = CustomerOutbox(pipeline: pipeline, ledger: ledger, context: context)
        for (index, listed) in due.enumerated() {
            progress(index, due.count)
            guard let claiming else {
                try work(on: listed, stage, outbox: outbox, into: &results)
                continue
            }
            let outcome = try claiming.withClaim(dropID: listed.id, stage: stage.name.rawValue) {
                var one = StageResults<S.Result>()
                // Another worker may have moved the drop since the list was read: take it only where it is still due.
                guard let drop = try ledger.drop(id: listed.id), stage.takes.contains(drop.state), try stage.isDue(drop) else {
                    return one
                }
                try work(on: drop, stage, outbox: outbox, into: &one)
                return one
            }
            switch outcome {
            case let .done(one): results.merge(one)
            case let .heldElsewhere(holder): results.heldElsewhere.append((listed, holder))
            case let .refused(lost):
                context.logger.warning("a stage's claim on a drop was lost; nothing of it was recorded", metadata: [
                    "dropID": "\(listed.id.prefix(12))", "stage": "\(stage.name.rawValue)", "error": "\(lost)"])
                results.refused.append((listed, lost))
            }
        }
        progress(due.count, due.count)
        return results
    }

    /// Runs `stage` on `drop`, publishes what the customer gets, or records the drop as failed.
    private func work<S: Stage>(
        on drop: DropRecord, _ stage: S, outbox: CustomerOutbox, into results: inout StageResults<S.Result>
    ) throws {
        do {
            switch try stage.run(drop) {
            case let .moved(state, result):
                results.results.append((drop, state, result))
                // What the customer gets is published as soon as the stage has made it.
                if Self.publishedStates.contains(state), let moved = try ledger.drop(id: drop.id),
                   let publication = try outbox.publish(moved) {
                    results.published.append(publication)
                }
            case let .waiting(reason): results.waiting.append((drop, reason))
            }
        } catch where Self.isTheDrops(error) {
            results.failed.append(try fail(drop, in: stage.name, because: error))
        }
    }

    /// The states after which a drop has something new for the customer: reject reports (validated or rejected), the
    /// reconciliation report and delivery lists (reconciled), the acceptance reports (inspected). Archive publishes
    /// itself, before it purges.
    static let publishedStates: Set<DropState> = [.validated, .rejected, .reconciled, .inspected]

    /// Whether `error` is about the drop or its configuration (its profile, its machines, its floor reports, its
    /// artefacts), so the drop is failed and waits for a person. Anything else is the machine's (a full disk, the
    /// ledger, a bureau key): it stops the run, the drop stays where it was, and the next run takes it again.
    static func isTheDrops(_ error: any Error) -> Bool {
        switch error {
        case is ConfigurationError, is TransformError, is DropWorkError, is InspectionError: true
        case let error as ReconcileError:
            switch error {
            case .inputMissing, .input: true
            default: false
            }
        default: false
        }
    }

    /// Records `drop` as failed in `stage` with the error and the fix.
    func fail(_ drop: DropRecord, in stage: PipelineDefinition.Stage, because error: any Error) throws -> FailedDrop {
        let failure = DropFailureDetail(
            stage: stage.rawValue, error: "\(error)", fix: FailureRemedy(pipeline: pipeline).fix(for: error, drop: drop))
        context.logger.error("\(stage.rawValue) failed for a drop: \(error)", metadata: [
            "dropID": "\(drop.id.prefix(12))", "customer": "\(drop.customer)", "drop": "\(drop.name)"])
        let failed = try ledger.transition(
            DropTransition(dropID: drop.id, action: .fail, actor: context.actor, host: context.host,
                           reason: "\(stage.rawValue): \(error)", failure: failure),
            at: context.now())
        return FailedDrop(drop: failed, failure: failure)
    }
}

/// What a person does about a failed drop, as words and the command to paste.
struct FailureRemedy {
    let pipeline: PipelineDefinition

    /// The command that takes `drop` on again once the cause is fixed.
    func retryCommand(for drop: DropRecord) -> String {
        "cardprep retry \(Self.quoted(pipeline.absoluteFile)) \(drop.id.prefix(12)) --reason \"cause fixed\""
    }

    /// The fix for `error`: what to correct, then the retry command.
    func fix(for error: any Error, drop: DropRecord) -> String {
        let what: String
        switch error {
        case let error as ConfigurationError: what = "correct \(error.file)\(error.line.map { " line \($0)" } ?? "")"
        case let TransformError.noMachine(customer, product):
            what = "name a machine for product \(product) in \(pipeline.customersFolder)/\(customer).yml"
        case is TransformError: what = "correct the customer profile or machine profile named in the error"
        case let ReconcileError.input(path, _), let ReconcileError.inputMissing(path):
            what = "correct \(path) with the production floor"
        case is ReconcileError: what = "correct what the error names"
        default: what = "correct what the error names"
        }
        return "\(what), then run: \(retryCommand(for: drop))"
    }

    /// `text` quoted for a POSIX shell when it holds anything but plain characters.
    static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@".contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
