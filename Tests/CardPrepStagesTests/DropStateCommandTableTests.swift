import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// Every entry point that changes a drop, tried on a drop in every state: what the lifecycle allows happens (or
/// fails for want of inputs, never for the state), everything else is refused and changes nothing.
@Suite struct DropStateCommandTableTests {
    /// How to bring a freshly ingested drop to each state.
    static let paths: [DropState: [DropAction]] = [
        .ingested: [], .validated: [.validate], .rejected: [.reject], .jobsIssued: [.validate, .issueJobs],
        .inProduction: [.validate, .issueJobs, .reportProduction],
        .reconciled: [.validate, .issueJobs, .reportProduction, .reconcile],
        .discrepancy: [.validate, .issueJobs, .reportProduction, .findDiscrepancy],
        .inspected: [.validate, .issueJobs, .reportProduction, .reconcile, .inspect],
        .archived: [.validate, .archive], .failed: [.validate, .fail], .onHold: [.validate, .hold],
    ]

    enum Command: String, CaseIterable {
        case retry, hold, release, withdraw, waive, archive, reconcile, planLots

        /// The states it is allowed from, in a pipeline that inspects before archiving.
        var allowed: Set<DropState> {
            switch self {
            case .retry: [.failed, .quarantined]
            case .hold: [.ingested, .validated, .rejected, .jobsIssued, .inProduction, .reconciled, .discrepancy, .inspected]
            case .release: [.onHold]
            case .withdraw: [.quarantined]
            case .waive: [.discrepancy]
            case .archive: [.rejected, .inspected, .archived]  // an archived drop: "archived before", nothing done
            case .reconcile: [.jobsIssued, .inProduction, .discrepancy, .reconciled]
            case .planLots: [.reconciled]
            }
        }
    }

    static func isRefusal(_ error: any Error) -> Bool {
        switch error {
        case let LedgerError.refused(refusal): refusal.description.contains("first") || refusal.description.contains("nothing more")
        case let ReconcileError.ledger(inner): isRefusal(inner)
        default: false
        }
    }

    @Test(arguments: Command.allCases)
    func everyStateAgainstOneCommand(command: Command) throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest", "validate", "transform", "reconcile", "inspect", "archive"],
                                        vault: true)
        let people = try PeopleFixture(peopleFolder: fixture.pipeline.peopleFolder, keysFolder: fixture.root + "/people-keys")
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest])
        let original = try #require(try fixture.ledger().drops().first)
        var states = Self.paths
        states[.quarantined] = []
        for (state, path) in states.sorted(by: { $0.key < $1.key }) {
            let ledger = try fixture.ledger()
            var drop = original
            if state == .quarantined {
                // A registered drop cannot be quarantined again; a fresh record in that state stands in for one.
                drop.id = String(repeating: "9", count: 64)
                try ledger.recordQuarantine(
                    QuarantineRecord(customer: drop.customer, name: drop.name, dropID: drop.id, reasonCode: "signature-invalid",
                                     message: "m", quarantinedAt: Date(), keptAt: fixture.root + "/q/\(drop.name)@1"),
                    drop: DropRecord(id: drop.id, customer: drop.customer, name: drop.name, state: .received, registeredAt: Date(),
                                     originalsPath: fixture.root + "/q/\(drop.name)@1", workPath: "", sourcePath: "",
                                     dataKeyRecipient: "", cardFileCount: 0, cardBytes: 0),
                    event: AuditEvent(event: "drop.quarantined", dropID: drop.id, actor: "system", host: "h"), at: Date())
            } else {
                try resetState(of: drop.id, in: fixture)
                try fixture.move(drop.id, path)
            }
            let before = try #require(try ledger.drop(id: drop.id))
            #expect(before.state == state)
            do {
                try apply(command, to: before, fixture: fixture, ledger: ledger, people: people)
                #expect(command.allowed.contains(state), "\(command) from \(state) was not refused")
            } catch {
                let refused = Self.isRefusal(error)
                #expect(refused != command.allowed.contains(state), "\(command) from \(state): \(error)")
                if refused { #expect(try ledger.drop(id: drop.id)?.state == state, "a refusal changes nothing") }
            }
            if state == .quarantined { try? FileManager.default.removeItem(atPath: fixture.pipeline.inbox + "/" + drop.customer + "/" + drop.name) }
        }
    }

    private func apply(_ command: Command, to drop: DropRecord, fixture: IngestFixture, ledger: Ledger, people: PeopleFixture) throws {
        let decisions = DropDecisions(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        switch command {
        case .retry: _ = try decisions.signed(.dropRetry, drop, reason: "table", people: people)
        case .hold: _ = try decisions.signed(.dropHold, drop, reason: "table", people: people)
        case .release: _ = try decisions.signed(.dropRelease, drop, reason: "table", people: people)
        case .withdraw: _ = try decisions.signed(.dropWithdraw, drop, reason: "table", people: people)
        case .waive: _ = try decisions.signed(.dropWaive, drop, reason: "table", people: people)
        case .archive:
            let stage = ArchiveStage(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context(),
                                     settings: fixture.pipeline.archive!)
            _ = try stage.run(dropIDs: [drop.id])
        case .reconcile:
            _ = try ReconcileStage(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context(),
                                   inputsFolder: fixture.root + "/production").run(dropID: drop.id)
        case .planLots:
            _ = try InspectStage(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context()).run(dropID: drop.id)
        }
    }

    /// Puts the drop back to `ingested` between rows of the table (test set-up only: the lifecycle has no way back).
    private func resetState(of dropID: String, in fixture: IngestFixture) throws {
        try LifecycleMigrationTests.sqlite(fixture.pipeline.ledgerPath,
                                           "UPDATE \"drop\" SET state = 'ingested', resumeState = NULL WHERE id = '\(dropID)'")
    }
}
