import Foundation
import Testing

/// Every `--json` output, run on a real pipeline with the demo keys and people, is one compact JSON object whose
/// `format` is in the reference `cardprep json-formats --json` prints, with each documented key present (unless
/// optional) and of its documented JSON type, and no top-level key the reference does not document.
@Suite struct JSONFormatConformanceTests {
    /// The reference as printed: format → (key → (type, optional)).
    struct Reference {
        var keys: [String: [String: (type: String, optional: Bool)]] = [:]

        init(_ workspace: SampleWorkspace) throws {
            let outcome = try workspace.cardprep(["json-formats", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
            for format in try #require(object["formats"] as? [[String: Any]]) {
                var keys: [String: (String, Bool)] = [:]
                for key in format["keys"] as? [[String: Any]] ?? [] {
                    keys[key["name"] as! String] = (key["type"] as! String, key["optional"] as! Bool)
                }
                self.keys[format["format"] as! String] = keys
            }
        }

        /// What is wrong with `object` against its format's documented keys.
        func problems(_ object: [String: Any]) -> [String] {
            guard let format = object["format"] as? String, let documented = keys[format] else {
                return ["format \(object["format"] ?? "missing") is not in the reference"]
            }
            var problems: [String] = []
            for (name, key) in documented.sorted(by: { $0.key < $1.key }) {
                guard let value = object[name] else {
                    if !key.optional { problems.append("\(format): \(name) is missing") }
                    continue
                }
                if Self.type(of: value) != key.type { problems.append("\(format): \(name) is \(Self.type(of: value)), not \(key.type)") }
            }
            for name in object.keys.sorted() where documented[name] == nil { problems.append("\(format): \(name) is not documented") }
            return problems
        }

        static func type(of value: Any) -> String {
            switch value {
            case is String: "string"
            case let number as NSNumber: String(cString: number.objCType) == "c" ? "boolean" : "number"
            case is [Any]: "array"
            case is [String: Any]: "object"
            default: "null"
            }
        }
    }

    /// Every string value that is an ISO 8601 time with fractions of a second.
    static func timesWithFractions(_ value: Any) -> [String] {
        switch value {
        case let text as String:
            text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+"#, options: .regularExpression) != nil ? [text] : []
        case let array as [Any]: array.flatMap(timesWithFractions)
        case let object as [String: Any]: object.values.flatMap(timesWithFractions)
        default: []
        }
    }

    /// Runs commands with `--json` on one workspace and checks each output against the reference, recording the
    /// formats seen and what is wrong.
    final class Checker {
        let workspace: SampleWorkspace
        let reference: Reference
        var seen: [String: [String]] = [:]
        var problems: [String] = []
        var pipeline: String { workspace.pipeline }

        init(_ workspace: SampleWorkspace) throws {
            self.workspace = workspace
            reference = try Reference(workspace)
        }

        @discardableResult
        func check(_ arguments: [String], status: Int32 = 0, format: String) throws -> [String: Any] {
            let outcome = try workspace.cardprep(arguments + ["--json"])
            let words = arguments.map { $0 == pipeline ? "PIPELINE" : $0 }.joined(separator: " ")
            guard outcome.status == status else {
                problems.append("\(words): exit \(outcome.status), not \(status): \(outcome.standardError)\(outcome.standardOutput.prefix(400))")
                return [:]
            }
            let lines = outcome.standardOutput.split(separator: "\n")
            if lines.count != 1 { problems.append("\(words): \(lines.count) lines on standard output, not one object") }
            guard let object = try? JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any] else {
                problems.append("\(words): not one JSON object: \(outcome.standardOutput.prefix(200))")
                return [:]
            }
            if object["format"] as? String != format { problems.append("\(words): format \(object["format"] ?? "missing"), not \(format)") }
            problems += reference.problems(object).map { "\(words): \($0)" }
            if let time = JSONFormatConformanceTests.timesWithFractions(object).first {
                problems.append("\(words): a time with fractions of a second: \(time)")
            }
            seen[format, default: []].append(words)
            return object
        }

        /// Runs a command under dual control: first without signatures (the statement request, exit 64), then, once
        /// each person named signed the statement with `ssh-keygen -Y sign` and their demo key, with them.
        @discardableResult
        func checkSigned(_ arguments: [String], status: Int32 = 0, format: String) throws -> [String: Any] {
            let request = try check(arguments, status: 64, format: "cardprep-statement-request/1")
            guard let statement = request["statementFile"] as? String, let signers = request["signers"] as? [[String: Any]] else {
                return [:]
            }
            var signatures: [String] = []
            for signer in signers {
                signatures += ["--signature", try workspace.sign(statement, as: signer["person"] as! String, to: signer["signatureFile"] as? String)]
            }
            return try check(arguments + ["--statement", statement] + signatures, status: status, format: format)
        }
    }

    /// Runs every command with `--json` over a pipeline that ran, and checks each output against the reference; every
    /// format of the reference is printed by at least one of them.
    @Test func everyJSONOutputIsOneObjectOfItsDocumentedFormat() throws {
        let workspace = try SampleWorkspace()
        try workspace.addPeople()
        let checker = try Checker(workspace)
        let pipeline = workspace.pipeline
        @discardableResult
        func check(_ arguments: [String], status: Int32 = 0, format: String) throws -> [String: Any] {
            try checker.check(arguments, status: status, format: format)
        }

        let run = try check(["run", pipeline], format: "cardprep-run/1")
        let dropID = try #require((run["archive"] as? [[String: Any]])?.first?["dropID"] as? String)
        let drop = String(dropID.prefix(10))
        try check(["run", pipeline, "--dry-run"], format: "cardprep-run/1")
        try check(["check", pipeline], format: "cardprep-check/1")
        try check(["status", pipeline], format: "cardprep-status/1")
        try check(["history", pipeline, drop], format: "cardprep-drop-history/1")
        try check(["trace", pipeline, "--drop", drop], format: "cardprep-trace/1")
        try check(["shipping", "plans", pipeline, "--all"], format: "cardprep-shipping-plans/1")
        try check(["complaint", "list", pipeline], format: "cardprep-complaints/1")
        let found = try check(["vault", "find", pipeline], format: "cardprep-vault-find/1")
        let bundle = try #require((found["bundles"] as? [[String: Any]])?.first?["id"] as? String)
        try check(["vault", "ls", pipeline, String(bundle.prefix(8))], format: "cardprep-vault-list/1")
        try check(["vault", "dump", pipeline, bundle, "custody.jsonl", "--out", workspace.root + "/custody.jsonl"], format: "cardprep-vault-dump/1")
        try check(["vault", "verify", pipeline, bundle], format: "cardprep-vault-verify/1")
        try check(["vault", "history", pipeline, bundle], format: "cardprep-vault-history/1")
        try checker.checkSigned(["vault", "open", pipeline, bundle, "--to", workspace.root + "/opened", "--opener", "alice", "--witness", "bob",
                                 "--reason", "dispute"], format: "cardprep-vault-open/1")
        try check(["audit", "verify", pipeline], format: "cardprep-audit/1")
        try check(["audit", "checkpoint", pipeline], format: "cardprep-audit-checkpoint-written/1")
        try check(["keys", "usage", pipeline], format: "cardprep-intake-keys/1")
        try check(["people", "list", pipeline], format: "cardprep-people/1")
        try check(["qa", "lots", pipeline], format: "cardprep-qa-lots/1")
        try check(["qa", "plan", "--lot-size", "2000", "--aql", "2.5"], format: "cardprep-qa-plan/1")
        let balance = try check(["stock", "balance", pipeline], format: "cardprep-stock-balance/1")
        if let account = (balance["accounts"] as? [[String: Any]])?.first {
            try check(["stock", "history", pipeline, "--customer", account["customer"] as! String, "--location", account["location"] as! String,
                       "--product", account["product"] as! String, "--class", account["stockClass"] as! String],
                      format: "cardprep-stock-history/1")
        } else {
            checker.problems.append("stock balance lists no account after a run")
        }
        try check(["stock", "destructions", pipeline], format: "cardprep-destructions/1")
        try check(["json-formats"], format: "cardprep-json-formats/1")
        // Failures under --json: an unknown drop (64), a refused decision.
        let error = try check(["history", pipeline, "deadbeef"], status: 64, format: "cardprep-error/1")
        #expect((error["error"] as? [String: Any])?["code"] as? String == "usage")
        try check(["vault", "ls", pipeline, "cust-01/no-such-drop"], status: 64, format: "cardprep-error/1")
        try Self.checkWritingCommands(checker, bundle: bundle)
        try Self.checkDropDecisions(checker)
        try Self.checkInspection(checker)
        #expect(checker.problems.isEmpty, "\(checker.problems.joined(separator: "\n"))")
        let exercised = Set(checker.seen.keys).union(Self.notExercised.keys)
        let registered = Set(checker.reference.keys.keys)
        #expect(registered.subtracting(exercised).isEmpty, "formats no command here printed: \(registered.subtracting(exercised).sorted())")
        #expect(exercised.subtracting(registered).isEmpty, "not in the reference: \(exercised.subtracting(registered).sorted())")
        for format in Self.notExercised.keys where checker.seen[format] != nil {
            Issue.record("\(format) is exercised now: take it off the list of formats not exercised")
        }
    }
}
