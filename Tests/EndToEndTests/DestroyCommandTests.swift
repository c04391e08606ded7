import CardPrepLedger
import Foundation
import Testing

/// `cardprep stock destroy` with the built `cardprep`: a destruction of spoiled cards signed by its executor and three
/// witnesses, and reconcile checking the floor's `destruction.csv` against it.
@Suite struct DestroyCommandTests {
    static let account = ["--customer", "cust-01", "--location", "HQ", "--class", "blank"]

    /// A workspace with the whole sample register and one blank C01-DEBIT card awaiting destruction at HQ.
    static func workspace() throws -> SampleWorkspace {
        let workspace = try SampleWorkspace(stages: ["ingest"], production: nil)
        try workspace.addPeople(["alice", "bob", "carol", "dave", "erin", "frank"])
        for (kind, quantity) in [("received", "10"), ("spoiled", "1")] {
            let moved = try workspace.cardprep(
                ["stock", "record", workspace.pipeline, kind, "--product", "C01-DEBIT", "--quantity", quantity] + account)
            #expect(moved.status == 0, "\(moved.standardError)")
        }
        return workspace
    }

    /// The arguments of the sample destruction: bob executes, erin, alice and dave witness, unless `changes` say otherwise.
    static func arguments(_ workspace: SampleWorkspace, _ changes: [String: String] = [:]) -> [String] {
        var options: [(String, String)] = [
            ("--record-id", "DES-2026-0007"), ("--product", "C01-DEBIT"), ("--quantity", "1"), ("--serials", "CD000004"),
            ("--method", "shredding"), ("--place", "Secure room 2"), ("--cctv", "CAM2-20261104-1600"),
            ("--time", "2026-11-04T16:00:00Z"), ("--executor", "bob"), ("--production-witness", "erin"),
            ("--security-witness", "alice"), ("--warehouse-witness", "dave"), ("--reason", "spoiled in production"),
        ]
        options = options.map { ($0.0, changes[$0.0] ?? $0.1) }
        return ["stock", "destroy", workspace.pipeline] + options.flatMap { [$0.0, $0.1] } + account
    }

    /// Runs the command without signatures and returns the statement file and each person's signature file.
    static func ask(_ workspace: SampleWorkspace, _ arguments: [String]) throws -> (
        statement: String, signers: [(String, String)]
    ) {
        let asked = try workspace.cardprep(arguments + ["--json"])
        #expect(asked.status == 64, "\(asked.standardOutput)\(asked.standardError)")
        let request = try #require(try JSONSerialization.jsonObject(with: Data(asked.standardOutput.utf8)) as? [String: Any])
        let signers = try #require(request["signers"] as? [[String: Any]])
        return (
            try #require(request["statementFile"] as? String),
            signers.map { ($0["person"] as! String, $0["signatureFile"] as! String) }
        )
    }

    /// Signs `statement` into `signature` with the private key file `key`, as `ssh-keygen -Y sign` does.
    static func sign(_ statement: String, key: String, into signature: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = ["-Y", "sign", "-n", "cardprep-statement", "-f", key]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: statement))
        _ = FileManager.default.createFile(atPath: signature, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: signature))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// Nothing of a destruction is recorded: no record, the card still awaiting destruction, no audit event.
    static func expectNothingRecorded(_ workspace: SampleWorkspace, _ label: String) throws {
        let listed = try workspace.cardprep(["stock", "destructions", workspace.pipeline, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        #expect(
            listed.status == 0 && object?["format"] as? String == "cardprep-destructions/1"
                && (object?["destructions"] as? [Any])?.isEmpty == true,
            "\(label): \(listed.standardOutput)")
        let balance = try workspace.cardprep(["stock", "balance", workspace.pipeline])
        #expect(balance.standardOutput.contains("usable 9  awaiting destruction 1"), "\(label): \(balance.standardOutput)")
        let ledger = try Ledger(path: workspace.output + "/ledger.sqlite")
        // (The register's first use is recorded as its approved version, people.registered, whatever the outcome.)
        let events = try ledger.auditEntries().map(\.event).filter { $0 != "people.registered" }
        #expect(events == ["stock.received", "stock.spoiled"], "\(label)")
        #expect(try ledger.signedStatements(subject: "destruction DES-2026-0007").isEmpty, "\(label)")
    }

    @Test func aSignedDestructionIsRecordedWithAllFourPeopleAndItsStockMovement() throws {
        let workspace = try Self.workspace()
        let done = try workspace.cardprepSigned(Self.arguments(workspace))
        #expect(done.status == 0, "\(done.standardOutput)\(done.standardError)")
        #expect(done.standardOutput.contains("destruction DES-2026-0007 recorded"), "\(done.standardOutput)")
        #expect(done.standardOutput.contains("executor bob, witnesses erin (production), alice (security), dave (warehouse)"))

        let listed = try workspace.cardprep(["stock", "destructions", workspace.pipeline, "--id", "DES-2026-0007"])
        #expect(listed.status == 0 && listed.standardOutput.contains("CCTV CAM2-20261104-1600"), "\(listed.standardOutput)")
        let balance = try workspace.cardprep(["stock", "balance", workspace.pipeline])
        #expect(balance.standardOutput.contains("usable 9  awaiting destruction 0"), "\(balance.standardOutput)")
        let history = try workspace.cardprep(
            ["stock", "history", workspace.pipeline, "--product", "C01-DEBIT"] + Self.account)
        #expect(history.standardOutput.contains("destroyed 1  DES-2026-0007"), "\(history.standardOutput)")
        #expect(history.standardOutput.contains("by bob"), "\(history.standardOutput)")

        let ledger = try Ledger(path: workspace.output + "/ledger.sqlite")
        let event = try #require(try ledger.auditEntries().last)
        #expect(event.event == "cards.destroyed" && event.actor == "bob")
        for fact in [
            "executor=bob", "production-witness=erin", "security-witness=alice", "warehouse-witness=dave",
            "cctv=CAM2-20261104-1600", "destruction=DES-2026-0007", "serials=CD000004",
        ] {
            #expect(event.details.contains(fact), "\(fact) in \(event.details)")
        }
        #expect(try ledger.signedStatements(subject: "destruction DES-2026-0007").count == 1)
        #expect(try workspace.cardprep(["audit", "verify", workspace.pipeline]).status == 0)

        // The same record id again is refused before anything is printed to sign.
        let again = try workspace.cardprep(Self.arguments(workspace, ["--reason": "again"]))
        #expect(again.status == 1 && again.standardError.contains("a record id is used once"), "\(again.standardError)")
        #expect(try ledger.signedDestructions().count == 1)
    }

    @Test func withoutTheWarehouseWitnessSignatureNothingIsRecorded() throws {
        let workspace = try Self.workspace()
        let (statement, signers) = try Self.ask(workspace, Self.arguments(workspace))
        #expect(signers.map(\.0) == ["bob", "erin", "alice", "dave"])
        var given: [String] = []
        for (person, file) in signers where person != "dave" {
            try Self.sign(statement, key: workspace.root + "/staff/" + person, into: file)
            given += ["--signature", file]
        }
        let refused = try workspace.cardprep(Self.arguments(workspace) + ["--statement", statement] + given)
        #expect(refused.status == 64, "\(refused.standardError)")
        #expect(refused.standardError.contains("needs 4 signatures of the statement, 3 given"), "\(refused.standardError)")
        try Self.expectNothingRecorded(workspace, "three signatures")
    }

    @Test func aSignatureByAKeyNotInTheRegisterIsRefused() throws {
        let workspace = try Self.workspace()
        let stranger = workspace.root + "/stranger"
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", "stranger", "-f", stranger]
        try keygen.run()
        keygen.waitUntilExit()
        let (statement, signers) = try Self.ask(workspace, Self.arguments(workspace))
        var given: [String] = []
        for (person, file) in signers {
            try Self.sign(statement, key: person == "dave" ? stranger : workspace.root + "/staff/" + person, into: file)
            given += ["--signature", file]
        }
        let refused = try workspace.cardprep(Self.arguments(workspace) + ["--statement", statement] + given)
        #expect(refused.status == 5, "\(refused.standardError)")
        #expect(refused.standardError.contains("which is not in the register of people"), "\(refused.standardError)")
        try Self.expectNothingRecorded(workspace, "unregistered key")
    }

    @Test(
        "people the rule does not admit, and no CCTV reference, are refused before a statement is printed",
        arguments: [
            (
                ["--warehouse-witness": "frank"],
                "may not sign as warehouse-witness: the warehouse-witness needs department warehouse"
            ),
            (["--executor": "dave"], "dave is named as both executor and warehouse-witness"),
            (["--production-witness": "carol"], "may not sign as production-witness"),
            (["--cctv": ""], "--cctv is required"),
            (["--cctv": " "], "--cctv is required"),
        ])
    func refusedBeforeSigning(changes: [String: String], message: String) throws {
        let workspace = try Self.workspace()
        let refused = try workspace.cardprep(Self.arguments(workspace, changes))
        #expect(refused.status == 64, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardError.contains(message), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/statements"))
        try Self.expectNothingRecorded(workspace, "\(changes)")
    }

    @Test func reconcileFindsAnUnsignedDestructionUntilItIsSigned() throws {
        let workspace = try SampleWorkspace(signDestructions: false)
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 4, "\(first.standardOutput)\(first.standardError)")
        let status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.standardOutput.contains("1 finding(s): destruction-unsigned"), "\(status.standardOutput)")
        let work = try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work")
        let report = try String(contentsOfFile: workspace.output + "/work/\(work[0])/reconcile/report.json", encoding: .utf8)
        #expect(report.contains("destruction DES-2026-0007 of destruction.csv has no signed record"), "\(report)")

        // Signed afterwards, with the floor's files unchanged: the next run reconciles the drop and archives it.
        try workspace.signFloorDestructions()
        let fixed = try workspace.cardprep(["run", workspace.pipeline])
        #expect(fixed.status == 0, "\(fixed.standardOutput)\(fixed.standardError)")
        #expect(fixed.standardOutput.contains("1 archived"), "\(fixed.standardOutput)")
        // The drop's history names the destruction its spoiled card relies on, with the four people who signed it.
        let history = try workspace.cardprep(["history", workspace.pipeline, "cust-01/drop-20261101-01"])
        #expect(
            history.standardOutput.contains(
                "destructions=DES-2026-0007 executor=bob production-witness=erin security-witness=alice warehouse-witness=dave"),
            "\(history.standardOutput)")
    }
}

@Suite struct DestroyHelpTests {
    @Test func theHelpNamesTheFourPeopleTheCCTVReferenceAndAnExample() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["stock", "destroy", "--help"])
        #expect(outcome.status == 0)
        for words in [
            "--executor", "--production-witness", "--security-witness", "--warehouse-witness", "--cctv", "--record-id",
            "Example: cardprep stock destroy",
        ] {
            #expect(outcome.standardOutput.contains(words), "\(words)")
        }
    }
}
