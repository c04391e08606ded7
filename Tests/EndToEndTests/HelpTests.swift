import Testing

@Suite struct HelpTests {
    @Test func helpListsTheExitCodes() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("EXIT CODES"))
        #expect(outcome.standardOutput.contains("75"))
    }
}
