import ArgumentParser
import CardPrepCore
import Foundation
import Testing
@testable import CardPrepCommands

@Suite struct QAPlanCommandTests {
    @Test func jsonHasTheContractKeysSorted() throws {
        let command = try QAPlanCommand.parse(["--lot-size", "2000", "--level", "II", "--aql", "2.5", "--json"])
        let plan = try SamplingTables.plan(lotSize: command.lotSize, level: .ii, aql: AQL(parsing: command.aql))
        let text = try QAPlanCommand.json(plan)
        #expect(text == #"{"acceptNumber":7,"codeLetter":"K","format":"cardprep-qa-plan/1","inspectAll":false,"planCodeLetter":"K","rejectNumber":8,"sampleSize":125}"#)
    }

    @Test func optionsParse() throws {
        let command = try QAPlanCommand.parse([
            "--lot-size", "50", "--level", "S-2", "--aql", "0.65", "--severity", "reduced", "--edition", "z1.4",
        ])
        #expect(command.severity == .reduced && command.edition == .z14 && command.level == "S-2" && !command.json)
    }

    @Test(arguments: [
        ["--lot-size", "0", "--aql", "2.5"], ["--lot-size", "10", "--aql", "3"],
        ["--lot-size", "10", "--aql", "2.5", "--level", "IV"], ["--lot-size", "10", "--aql", "2.5", "--severity", "loose"],
    ])
    func badArgumentsAreUsageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) { try QAPlanCommand.parse(arguments) }
        #expect(QAPlanCommand.exitCode(for: ValidationError("x")).rawValue == CardPrepExitCode.usage.rawValue)
    }

    @Test func umbrellaCommandReachesPlan() throws {
        let parsed = try CardPrepCommand.parseAsRoot(["qa", "plan", "--lot-size", "5", "--aql", "0.010"])
        #expect(parsed is QAPlanCommand)
    }

    @Test func humanTextNamesArrowAndFullInspection() throws {
        let plan = try SamplingTables.plan(lotSize: 5, level: .ii, aql: AQL(parsing: "0.010"))
        let text = QAPlanCommand.text(plan, lotSize: 5, severity: .normal, edition: .iso2859_1)
        #expect(text.contains("Code letter:   A (arrow: plan of row Q)"))
        #expect(text.contains("Sample size:   1250"))
        #expect(text.contains("inspect all 5 items"))
    }
}
