import Testing

@Suite struct HelpTests {
    @Test func helpListsTheExitCodes() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("EXIT CODES"))
        #expect(outcome.standardOutput.contains("75"))
    }
}

@Suite struct LifecycleHelpTests {
    @Test(arguments: [["run", "--help"], ["status", "--help"]])
    func helpNamesTheDropStates(arguments: [String]) throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(arguments)
        #expect(outcome.status == 0)
        for state in ["jobs-issued", "in-production", "reconciled", "discrepancy", "archived"] {
            #expect(outcome.standardOutput.contains(state), "\(arguments) --help names \(state)")
        }
    }

    @Test func helpListsTheDecisionCommands() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["--help"])
        for command in ["history", "retry", "hold", "release", "withdraw"] {
            #expect(outcome.standardOutput.contains(command), "\(command)")
        }
        #expect(outcome.standardOutput.contains("6\trefused"))
    }
}

@Suite struct QAHelpTests {
    @Test func qaRecordHelpSaysTheInspectorSigns() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["qa", "record", "--help"])
        #expect(outcome.status == 0)
        for text in ["--inspector <inspector>", "qa.decide", "--statement", "exit 5, nothing recorded", "Example: cardprep qa record"] {
            #expect(outcome.standardOutput.contains(text), "\(text)")
        }
    }
}
