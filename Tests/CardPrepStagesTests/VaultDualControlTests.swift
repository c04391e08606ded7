import ArgumentParser
import CardPrepCommands
import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// `vault checkout`, `open` and `checkin` under dual control, run as commands in this process against a register of
/// three people whose keys ssh-keygen made (carol's is a security key).
@Suite(.serialized) struct VaultDualControlTests {
    let fixture: VaultFixture
    let people: PeopleFixture
    let record: VaultBundleRecord
    var pipeline: String { fixture.pipeline.file }
    var statements: String { fixture.pipeline.output + "/statements" }

    init() throws {
        fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        people = try PeopleFixture(peopleFolder: fixture.root + "/people", keysFolder: fixture.root + "/people-keys")
        record = try #require(try fixture.bundles().first)
        // The register as set up is recorded now, so that what a refusal must leave unchanged is counted after it.
        #expect(VaultAuditTests.cardprep(["people", "approve", fixture.pipeline.file, "--reason", "as set up"]) == 0)
    }

    /// The statement files written so far, oldest first.
    func statementFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: statements)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
            .map { statements + "/" + $0 }
    }

    /// Runs the command without signatures (it must print a statement and exit 64) and returns the new statement file.
    func printedStatement(_ arguments: [String]) throws -> String {
        let before = Set(statementFiles())
        #expect(VaultAuditTests.cardprep(arguments) == CardPrepExitCode.usage.rawValue)
        return try #require(statementFiles().first { !before.contains($0) })
    }

    func signed(_ arguments: [String], _ statement: String, by signers: [String]) throws -> Int32 {
        let signatures = try signers.flatMap { ["--signature", try people.sign(file: statement, by: $0)] }
        return VaultAuditTests.cardprep(arguments + ["--statement", statement] + signatures)
    }

    /// What must not change when an action is refused: the audit log, the loans and the statements used.
    func custody() throws -> (Int, [CustodyLoanRecord], Int) {
        let ledger = try fixture.ledger()
        return (
            try ledger.auditEntries().count, try ledger.loans(bundleID: record.id),
            try ledger.signedStatements(subject: "bundle \(record.id)").count
        )
    }

    var checkout: [String] {
        ["vault", "checkout", pipeline, record.id, "--borrower", "alice", "--approver", "bob", "--reason", "dispute 114"]
    }

    @Test func checkoutNeedsTwoSecuritySignaturesAndRecordsBoth() throws {
        let before = try custody()
        let statement = try printedStatement(checkout)
        let text = try String(contentsOfFile: statement, encoding: .utf8)
        #expect(
            text.hasPrefix(
                "cardprep-statement/1\naction: vault.checkout\nsubject: bundle \(record.id)\npipeline: test\n"
                    + "borrower: alice\napprover: bob\nreason: dispute 114\nrequested-at: "))
        #expect(try signed(checkout, statement, by: ["alice"]) == CardPrepExitCode.usage.rawValue)
        #expect(try custody() == before)

        #expect(try signed(checkout, statement, by: ["bob", "alice"]) == 0)
        let loan = try #require(try fixture.ledger().openLoan(bundleID: record.id))
        #expect(loan.borrower == "alice" && loan.approvedBy == "bob" && loan.reason == "dispute 114")
        let event = try #require(try fixture.ledger().auditEntries(dropID: record.dropID).last)
        #expect(event.event == "bundle.checkout" && event.actor == "alice+bob")
        #expect(event.details.contains("borrower=alice") && event.details.contains("approver=bob"))
        #expect(event.key.contains("alice SHA256:") && event.key.contains("bob SHA256:"))
        let digest = try #require(loan.checkoutStatement)
        let kept = try #require(try fixture.ledger().signedStatement(digest: digest))
        #expect(kept.text == text && kept.signers == "borrower=alice, approver=bob")
        #expect(VaultAuditTests.cardprep(["vault", "history", pipeline, record.id]) == 0)

        // The same statement and signatures again, after the bundle came back: refused, used once.
        let checkin = ["vault", "checkin", pipeline, record.id, "--returner", "carol", "--receiver", "bob"]
        let back = try printedStatement(checkin)
        #expect(try signed(checkin, back, by: ["carol", "bob"]) == 0)
        let returned = try #require(try fixture.ledger().loans(bundleID: record.id).last)
        #expect(returned.returnedBy == "carol" && returned.receivedBy == "bob" && returned.returnedUnchanged == true)
        let afterReturn = try custody()
        #expect(try signed(checkout, statement, by: ["alice", "bob"]) == CardPrepExitCode.verificationFailed.rawValue)
        #expect(try custody() == afterReturn)
    }

    @Test(arguments: [
        (["alice", "mallory"], "a key not in the register"),
        (["alice", "alice"], "the same person twice"),
    ])
    func signaturesThatDoNotSatisfyTheRuleAreRefusedAndNothingChanges(signers: [String], what: String) throws {
        let before = try custody()
        let statement = try printedStatement(checkout)
        #expect(try signed(checkout, statement, by: signers) == CardPrepExitCode.verificationFailed.rawValue, "\(what)")
        #expect(try custody() == before)
    }

    @Test func aPersonWithoutTheRoleCannotBeNamedOrSign() throws {
        let before = try custody()
        let asCarol = [
            "vault", "checkout", pipeline, record.id, "--borrower", "alice", "--approver", "carol", "--reason", "dispute 114",
        ]
        let files = statementFiles()
        #expect(VaultAuditTests.cardprep(asCarol) == CardPrepExitCode.usage.rawValue)
        #expect(statementFiles() == files, "no statement is printed for people who may not sign it")
        // A statement naming carol, made by hand and signed by both: refused when it comes back.
        let request = Vault.checkoutRequest(
            pipeline: fixture.pipeline, bundle: record, borrower: "alice", approver: "carol", reason: "dispute 114")
        let statement = fixture.root + "/by-hand.txt"
        try request.statement(at: Date(), nonce: String(repeating: "7e", count: 16)).text.write(
            toFile: statement, atomically: true, encoding: .utf8)
        #expect(try signed(asCarol, statement, by: ["alice", "carol"]) == CardPrepExitCode.verificationFailed.rawValue)
        #expect(try custody() == before)
    }

    @Test func aSignatureOfAnotherStatementIsRefused() throws {
        let before = try custody()
        let first = try printedStatement(checkout)
        let second = try printedStatement(checkout)
        let signatures = [
            "--signature", try people.sign(file: first, by: "alice"), "--signature", try people.sign(file: second, by: "bob"),
        ]
        #expect(
            VaultAuditTests.cardprep(checkout + ["--statement", first] + signatures)
                == CardPrepExitCode.verificationFailed.rawValue)
        // And a statement for another reason than the command asks for.
        let otherReason = Array(checkout.dropLast()) + ["another reason"]
        #expect(try signed(otherReason, first, by: ["alice", "bob"]) == CardPrepExitCode.verificationFailed.rawValue)
        #expect(try custody() == before)
    }

    @Test func openNeedsTwoSecuritySignatures() throws {
        let folder = fixture.root + "/opened"
        let open = [
            "vault", "open", pipeline, record.id, "--to", folder, "--opener", "bob", "--witness", "alice", "--reason",
            "inspection",
        ]
        let statement = try printedStatement(open)
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(try signed(open, statement, by: ["bob", "carol"]) == CardPrepExitCode.verificationFailed.rawValue)
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(try signed(open, statement, by: ["alice", "bob"]) == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/MANIFEST"))
        let event = try #require(try fixture.ledger().auditEntries(dropID: record.dropID).last)
        #expect(event.event == "bundle.opened" && event.actor == "bob+alice")
        #expect(event.details.contains("opener=bob") && event.details.contains("witness=alice"))
    }

    @Test func noSourceReadsTheUserFromTheEnvironment() throws {
        let sources = VaultFixture.repositoryRoot + "/Sources"
        let files =
            FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 100)
        for file in files {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for needle in ["\"USER\"", "LOGNAME", "getlogin", "NSUserName", "getpwuid", "userName"] {
                #expect(!text.contains(needle), "\(file) reads \(needle)")
            }
        }
    }

    @Test func noAuditEventTakesItsActorFromTheEnvironment() throws {
        let statement = try printedStatement(checkout)
        #expect(try signed(checkout, statement, by: ["alice", "bob"]) == 0)
        let actors = Set(try fixture.ledger().auditEntries().map(\.actor))
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
        #expect(actors.isSubset(of: ["system", "alice+bob"]), "\(actors)")
        if let user, !["system", "alice", "bob"].contains(user) { #expect(!actors.contains(user)) }
    }
}
