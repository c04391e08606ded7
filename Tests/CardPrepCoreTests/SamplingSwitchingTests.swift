import Testing
@testable import CardPrepCore

@Suite struct SamplingSwitchingTests {
    /// Records a lot inspected with a plan of Ac 2 or more ("A" accepted and accepted one step tighter,
    /// "a" accepted but not at the tighter AQL, "x" not accepted).
    static func run(_ script: String, on state: inout SwitchingState, reduced: Bool = true) throws -> [SwitchingTransition.Event] {
        var events: [SwitchingTransition.Event] = []
        for outcome in script where outcome != " " {
            let transition = try state.record(
                lotAccepted: outcome != "x", acceptNumber: 5, wouldAcceptAtTighterAQL: outcome == "A",
                reducedEnabled: reduced)
            if let transition { events.append(transition.event) }
        }
        return events
    }

    /// A lot whose sample was drawn under normal inspection and decided after two later lots switched inspection to
    /// tightened: it is recorded under normal, the severity it was judged by, and does not count as a tightened lot.
    @Test func aLotDrawnBeforeASwitchIsRecordedUnderItsOwnSeverity() throws {
        var state = SwitchingState()
        #expect(try Self.run("xx", on: &state) == [.switchedToTightened])
        let late = try state.record(lotAccepted: false, acceptNumber: 5, wouldAcceptAtTighterAQL: false, reducedEnabled: true,
                                    inspectedUnder: .normal)
        #expect(late == nil)
        #expect(state.history.last?.severity == .normal)
        #expect(state.severity == .tightened)
        // Four more refusals on tightened discontinue: the late normal lot was not the first of five.
        #expect(try Self.run("xxxx", on: &state).isEmpty)
        #expect(try Self.run("x", on: &state) == [.discontinued])
        // Recorded under the current severity, a lot drives the rules as before.
        var same = SwitchingState()
        _ = try same.record(lotAccepted: false, acceptNumber: 5, wouldAcceptAtTighterAQL: false, reducedEnabled: true, inspectedUnder: .normal)
        #expect(try Self.run("x", on: &same) == [.switchedToTightened])
    }

    @Test func scriptedSequenceFollowsTheStandard() throws {
        var state = SwitchingState()
        // Normal: a not-accepted lot, three accepted, a second not accepted within 5 lots -> tightened.
        #expect(try Self.run("xaaax", on: &state) == [.switchedToTightened])
        #expect(state.severity == .tightened)
        // Tightened: 4 accepted, a not accepted resets the run, then 5 consecutive accepted -> normal.
        #expect(try Self.run("aaaax aaaa", on: &state).isEmpty)
        #expect(try Self.run("a", on: &state) == [.switchedToNormal])
        // Normal: 9 lots of +3 reach 27, the 10th reaches 30 -> reduced.
        #expect(try Self.run("AAAAAAAAA", on: &state).isEmpty)
        #expect(state.switchingScore == 27)
        #expect(try Self.run("A", on: &state) == [.switchedToReduced])
        // Reduced: a lot not accepted -> normal.
        #expect(try Self.run("aax", on: &state) == [.switchedToNormal])
        // Normal: two not accepted in a row -> tightened; then 5 not accepted on tightened -> discontinued.
        #expect(try Self.run("xx", on: &state) == [.switchedToTightened])
        #expect(try Self.run("xaxaxax x", on: &state) == [.discontinued])
        #expect(state.isDiscontinued)
        #expect(throws: SamplingError.inspectionDiscontinued) { try Self.run("a", on: &state) }
        let resumed = try state.resume(by: "QA manager J. Doe", reason: "press 3 recalibrated")
        #expect(resumed.event == .resumed && state.severity == .tightened)
        #expect(state.resumptions == [.init(person: "QA manager J. Doe", reason: "press 3 recalibrated")])
        #expect(state.history.count == 38)
    }

    @Test func twoNotAcceptedFurtherApartThanFiveLotsStayOnNormal() throws {
        var state = SwitchingState()
        #expect(try Self.run("xaaaax", on: &state).isEmpty)
        #expect(try Self.run("x", on: &state) == [.switchedToTightened])
    }

    @Test func scoreResetsWhenLotWouldNotPassTighterAQL() throws {
        var state = SwitchingState()
        _ = try Self.run("AAAA", on: &state)
        #expect(state.switchingScore == 12)
        _ = try Self.run("a", on: &state)
        #expect(state.switchingScore == 0)
    }

    @Test func smallAcceptNumbersAddTwoPerAcceptedLot() throws {
        var state = SwitchingState()
        for lot in 1...15 {
            let transition = try state.record(lotAccepted: true, acceptNumber: 1, wouldAcceptAtTighterAQL: false, reducedEnabled: true)
            #expect((transition?.event == .switchedToReduced) == (lot == 15))
        }
        _ = try state.record(lotAccepted: true, acceptNumber: 0, wouldAcceptAtTighterAQL: false, reducedEnabled: true)
        #expect(state.severity == .reduced)
    }

    @Test func reducedNeedsTheCustomerSetting() throws {
        var state = SwitchingState()
        #expect(try Self.run(String(repeating: "A", count: 12), on: &state, reduced: false).isEmpty)
        #expect(state.severity == .normal && state.switchingScore == 36)
        // Once allowed, the next qualifying lot switches.
        #expect(try Self.run("A", on: &state) == [.switchedToReduced])
    }

    @Test func notAcceptedLotResetsScore() throws {
        var state = SwitchingState()
        _ = try Self.run("AAAx", on: &state)
        #expect(state.switchingScore == 0 && state.severity == .normal)
    }

    @Test func resumeNeedsDiscontinuationAndDetails() throws {
        var state = SwitchingState()
        #expect(throws: SamplingError.notDiscontinued) { try state.resume(by: "a", reason: "b") }
        _ = try Self.run("xx xxxxx", on: &state)
        #expect(throws: SamplingError.missingResumeDetails) { try state.resume(by: " ", reason: "b") }
        #expect(state.isDiscontinued)
    }
}
