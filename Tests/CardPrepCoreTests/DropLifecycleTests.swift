import CardPrepCore
import Testing

/// The drop lifecycle's table, walked state by state and action by action.
@Suite struct DropLifecycleTests {
    /// What each action may start from and lead to, written out independently of the table.
    static let expected: [DropAction: (from: Set<DropState>, to: DropState?)] = [
        .ingest: ([.received], .ingested),
        .quarantine: ([.received], .quarantined),
        .validate: ([.ingested], .validated),
        .reject: ([.ingested], .rejected),
        .issueJobs: ([.validated], .jobsIssued),
        .reportProduction: ([.jobsIssued], .inProduction),
        .reconcile: ([.inProduction, .discrepancy, .reconciled], .reconciled),
        .findDiscrepancy: ([.inProduction, .discrepancy, .reconciled], .discrepancy),
        .inspect: ([.reconciled], .inspected),
        .archive: ([.rejected, .validated, .jobsIssued, .reconciled, .inspected], .archived),
        .withdraw: ([.quarantined], .withdrawn),
        .release: ([.onHold], nil),
        .waive: ([.discrepancy], .reconciled),
    ]

    @Test(arguments: DropAction.allCases.filter { $0 != .register })
    func everyActionMovesOnlyFromItsStates(action: DropAction) {
        for state in DropState.allCases {
            let result = Result { () throws(DropTransitionRefusal) -> DropState in
                try DropLifecycle.target(of: action, from: state, resume: .validated)
            }
            let allowed: Bool
            switch action {
            case .fail: allowed = DropLifecycle.workingStates.contains(state)
            case .hold: allowed = DropLifecycle.workingStates.contains(state) && state != .received
            case .retry: allowed = state == .failed || state == .quarantined
            default: allowed = Self.expected[action]!.from.contains(state)
            }
            switch result {
            case let .success(target):
                #expect(allowed, "\(action) from \(state) should be refused")
                if let to = Self.expected[action]?.to { #expect(target == to) }
            case let .failure(refusal):
                #expect(!allowed, "\(action) from \(state) should be allowed")
                #expect(refusal.description.contains("is \(state.words)"), "\(refusal)")
            }
        }
    }

    @Test func aRefusalNamesTheStateAndWhatTheActionNeedsFirst() {
        var refusal = DropTransitionRefusal(action: .archive, state: .ingested, allowed: [.rejected, .inspected])
        refusal.drop = "cust-01/drop-1 (1a2b3c4d)"
        #expect(refusal.description == "drop cust-01/drop-1 (1a2b3c4d) is ingested; archive needs it to be rejected or inspected first")
        let final = DropTransitionRefusal(action: .retry, state: .archived, allowed: [.failed, .quarantined])
        #expect(final.description.hasSuffix("is archived; nothing more can be done with it"))
    }

    @Test func retryAndReleaseReturnToTheResumeState() throws {
        #expect(try DropLifecycle.target(of: .retry, from: .failed, resume: .jobsIssued) == .jobsIssued)
        #expect(try DropLifecycle.target(of: .retry, from: .quarantined) == .received)
        #expect(try DropLifecycle.target(of: .release, from: .onHold, resume: .inspected) == .inspected)
        #expect(throws: DropTransitionRefusal.self) { try DropLifecycle.target(of: .retry, from: .failed, resume: nil) }
    }

    @Test func finalStatesAreLeftByNothing() {
        for state in DropState.allCases where state.isFinal {
            for action in DropAction.allCases {
                #expect(throws: DropTransitionRefusal.self) { try DropLifecycle.target(of: action, from: state, resume: .validated) }
            }
        }
    }

    @Test func onlyFailedDiscrepancyAndQuarantinedNeedAttention() {
        #expect(DropState.allCases.filter(\.needsAttention) == [.discrepancy, .quarantined, .failed])
    }
}
