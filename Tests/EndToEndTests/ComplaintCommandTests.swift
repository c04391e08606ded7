import Foundation
import Testing

/// `cardprep complaint`: a complaint about the sample drop opened, noted and closed on the statement its handler
/// signs; refusals change nothing; list, report and status agree.
@Suite(.serialized) struct ComplaintCommandTests {
    static func json(_ outcome: BuiltExecutable.Outcome) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any],
            "\(outcome.standardOutput)")
    }

    /// The sample drop with its jobs issued, and alice, bob (security) and grace (customer service) in the register.
    static func workspace() throws -> (SampleWorkspace, String) {
        let (workspace, drop) = try DropCommandTests.workspaceWithJobsIssued()
        try workspace.addPeople(["alice", "bob", "grace"])
        return (workspace, drop)
    }

    /// The complaint as `complaint show --json` prints it.
    static func show(_ id: String, in workspace: SampleWorkspace) throws -> [String: Any] {
        let shown = try workspace.cardprep(["complaint", "show", workspace.pipeline, id, "--json"])
        #expect(shown.status == 0, "\(shown.standardError)")
        return try json(shown)
    }

    @Test func aComplaintIsOpenedNotedAndClosedByItsHandler() throws {
        let (workspace, drop) = try Self.workspace()
        let pipeline = workspace.pipeline
        let opened = try workspace.cardprep([
            "complaint", "open", pipeline, "--customer", "cust-01", "--received-at", "2026-11-03T09:30:00Z",
            "--summary", "3 cards of branch BR-02 arrived with the embossing worn", "--drop", drop, "--card", "000123",
        ])
        #expect(opened.status == 0, "\(opened.standardError)")
        let id = opened.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).year!
        #expect(id == "CMP-\(year)-0001")
        let second = try workspace.cardprep([
            "complaint", "open", pipeline, "--customer", "cust-01", "--received-at", "2026-11-10", "--summary",
            "the order came late",
            "--order", "ORD-20261101-01", "--json",
        ])
        let secondJSON = try Self.json(second)
        #expect(second.status == 0 && secondJSON["id"] as? String == "CMP-\(year)-0002", "\(second.standardOutput)")
        let noted = try workspace.cardprep([
            "complaint", "note", pipeline, id, "--text", "asked the floor for the batch's spoil report",
        ])
        #expect(noted.status == 0 && noted.standardOutput.contains("1 note(s)"), "\(noted.standardError)")

        // Refused, and nothing changes: an unknown complaint, an unknown cause, no handler, a handler of the wrong
        // department, a statement signed by someone else.
        let close = [
            "complaint", "close", pipeline, id, "--cause", "card-defect", "--responsible-department", "production",
            "--remedy", "remake", "--reply", "We remake the 3 cards; they leave on 12 November.",
        ]
        let unknown = try workspace.cardprep(["complaint", "note", pipeline, "CMP-\(year)-0099", "--text", "x", "--json"])
        let unknownJSON = try Self.json(unknown)
        #expect(unknown.status == 64 && (unknownJSON["error"] as? [String: Any])?["exitCode"] as? Int == 64)
        let cause = try workspace.cardprep([
            "complaint", "close", pipeline, id, "--cause", "bad-luck", "--responsible-department",
            "production", "--remedy", "remake", "--reply", "r", "--handler", "grace",
        ])
        #expect(cause.status == 64 && cause.standardError.contains("personalisation-error"), "\(cause.standardError)")
        let unnamed = try workspace.cardprep(close)
        #expect(
            unnamed.status == 64 && unnamed.standardError.contains("--handler: department customer-service (grace)"),
            "\(unnamed.standardError)")
        let alice = try workspace.cardprep(close + ["--handler", "alice"])
        #expect(alice.status == 64 && alice.standardError.contains("customer-service"), "\(alice.standardError)")
        let asked = try workspace.cardprep(close + ["--handler", "grace", "--json"])
        #expect(asked.status == 64)
        let statement = try #require((try Self.json(asked))["statementFile"] as? String)
        let text = try String(contentsOfFile: statement, encoding: .utf8)
        for line in [
            "action: complaint.close", "subject: complaint \(id)", "handler: grace", "notes: 1", "cause: card-defect",
            "responsible-department: production", "remedy: remake", "links: card 000123, drop \(drop)",
        ] {
            #expect(text.contains(line), "\(line) in \(text)")
        }
        let forged = try workspace.cardprep(
            close + [
                "--handler", "grace", "--statement", statement, "--signature",
                try workspace.sign(statement, as: "alice"),
            ])
        #expect(forged.status == 5, "\(forged.standardError)")
        #expect(try Self.show(id, in: workspace)["state"] as? String == "open")

        let closed = try workspace.cardprepSigned(close + ["--handler", "grace"])
        #expect(closed.status == 0, "\(closed.standardOutput)\(closed.standardError)")
        #expect(closed.standardOutput.contains("signed by the handler Grace Adeyemi (grace)"), "\(closed.standardOutput)")
        let again = try workspace.cardprep(close + ["--handler", "grace"])
        #expect(again.status == 6 && again.standardError.contains("closed"), "\(again.standardError)")
        let late = try workspace.cardprep(["complaint", "note", pipeline, id, "--text", "too late"])
        #expect(late.status == 6, "\(late.standardError)")

        let shown = try Self.show(id, in: workspace)
        #expect(shown["format"] as? String == "cardprep-complaint/1" && shown["state"] as? String == "closed")
        #expect((shown["notes"] as? [[String: Any]])?.map { $0["actor"] as? String } == ["system"])
        let closure = try #require(shown["closure"] as? [String: Any])
        #expect(closure["handler"] as? String == "grace" && closure["cause"] as? String == "card-defect")
        #expect((closure["statement"] as? String)?.count == 64)
        let shownText = try workspace.cardprep(["complaint", "show", pipeline, id])
        #expect(shownText.standardOutput.contains("signed by the handler Grace Adeyemi (grace)"), "\(shownText.standardOutput)")

        let list = try Self.json(try workspace.cardprep(["complaint", "list", pipeline, "--json"]))
        let listed = try #require(list["complaints"] as? [[String: Any]])
        #expect(
            list["format"] as? String == "cardprep-complaints/1" && listed.map { $0["state"] as? String } == ["closed", "open"])
        #expect(listed[0]["secondsToClose"] is Int && listed[1]["ageSeconds"] is Int)
        let open = try workspace.cardprep(["complaint", "list", pipeline, "--open"])
        #expect(
            open.standardOutput.split(separator: "\n").map { $0.prefix(13) } == ["CMP-\(year)-0002"], "\(open.standardOutput)")

        let report = try Self.json(try workspace.cardprep(["complaint", "report", pipeline, "--period", "2026-11", "--json"]))
        #expect(report["format"] as? String == "cardprep-complaint-report/1")
        #expect(report["received"] as? Int == 2 && report["open"] as? Int == 1 && report["closed"] as? Int == 1)
        #expect((report["causes"] as? [[String: Any]])?.map { $0["name"] as? String } == ["card-defect"])
        let customers = try #require(report["customers"] as? [[String: Any]])
        #expect(customers.map { $0["customer"] as? String } == ["cust-01"] && customers[0]["received"] as? Int == 2)
        #expect(report["medianSecondsToClose"] as? Int == listed[0]["secondsToClose"] as? Int, "one closed: its time to close")
        let october = try Self.json(try workspace.cardprep(["complaint", "report", pipeline, "--period", "2026-10", "--json"]))
        #expect(october["received"] as? Int == 0 && october["medianSecondsToClose"] == nil)

        let status = try workspace.cardprep(["status", pipeline, "--json"])
        let complaints = try #require((try Self.json(status))["complaints"] as? [String: Any])
        #expect(
            complaints["open"] as? Int == 1 && (complaints["oldest"] as? [String: Any])?["id"] as? String == "CMP-\(year)-0002")
        let statusText = try workspace.cardprep(["status", pipeline])
        #expect(
            statusText.standardOutput.contains("complaints: 1 open, oldest CMP-\(year)-0002 (cust-01) received "),
            "\(statusText.standardOutput)")
        let history = try workspace.cardprep(["history", pipeline, drop])
        #expect(
            history.standardOutput.contains("complaint.opened") && history.standardOutput.contains("complaint.closed  by grace"),
            "\(history.standardOutput)")
    }

    @Test func theHelpExamplesWorkWhenPasted() throws {
        let (workspace, _) = try Self.workspace()
        func example(_ subcommand: String) throws -> String {
            let help = try workspace.cardprep(["complaint", subcommand, "--help"])
            #expect(help.status == 0)
            let lines = help.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let start = try #require(lines.firstIndex { $0.hasPrefix("Example: ") }, "\(help.standardOutput)")
            let words = lines[start...].prefix { !$0.isEmpty }.joined(separator: " ").dropFirst("Example: ".count)
            return words.replacingOccurrences(of: "Pipelines/sample.yml", with: workspace.pipeline)
        }
        let opened = try PastedInstructionTests.paste(try example("open"), in: workspace)
        #expect(opened.status == 0, "\(opened.standardError)")
        let id = opened.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        for subcommand in ["note", "list", "show", "report"] {
            let pasted = try PastedInstructionTests.paste(
                try example(subcommand).replacingOccurrences(of: "CMP-2026-0001", with: id), in: workspace)
            #expect(pasted.status == 0, "\(subcommand): \(pasted.standardError)")
        }
        // The close example names grace: it prints her statement; following what it prints closes the complaint.
        let close = try example("close").replacingOccurrences(of: "CMP-2026-0001", with: id)
        let unnamed = close.replacingOccurrences(of: " --handler grace", with: "")
        let closed = try PastedInstructionTests.carryOutDecision(unnamed, in: workspace)
        #expect(closed.status == 0, "\(closed.standardOutput)\(closed.standardError)")
        #expect(try Self.show(id, in: workspace)["state"] as? String == "closed")
    }
}
