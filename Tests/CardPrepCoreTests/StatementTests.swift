import CardPrepCore
import Foundation
import Testing

@Suite struct StatementTests {
    static let time = Date(timeIntervalSince1970: 1_793_614_500)  // 2026-11-02T10:15:00Z
    static let nonce = "8c1d6f0a93b2e4f75a0c1e2d3b4f5a69"

    static func checkout(reason: String = "dispute 2026-114") throws -> Statement {
        try Statement(
            action: "vault.checkout", subject: "bundle 3f2a9c0d11e4b7a2", pipeline: "nightly",
            fields: [.init("borrower", "alice"), .init("approver", "bob")], reason: reason, requestedAt: time, nonce: nonce)
    }

    static let canonical = """
        cardprep-statement/1
        action: vault.checkout
        subject: bundle 3f2a9c0d11e4b7a2
        pipeline: nightly
        borrower: alice
        approver: bob
        reason: dispute 2026-114
        requested-at: 2026-11-02T10:15:00Z
        nonce: 8c1d6f0a93b2e4f75a0c1e2d3b4f5a69

        """

    @Test func theTextIsCanonicalAndReadsBack() throws {
        let statement = try Self.checkout()
        #expect(statement.text == Self.canonical)
        #expect(try Statement(parsing: Self.canonical) == statement)
        #expect(statement.field("borrower") == "alice")
        #expect(statement.field("to") == nil)
    }

    @Test func aReasonMayHoldColonsAndAnyScript() throws {
        let statement = try Self.checkout(reason: "Streitfall: Karte Nr. 114 — 争议")
        #expect(try Statement(parsing: statement.text) == statement)
    }

    static let notCanonical: [(String, String)] = [
        (canonical.replacingOccurrences(of: "\n", with: "\r\n"), "CRLF line ends"),
        (String(canonical.dropLast()), "no final line feed"),
        (canonical.replacingOccurrences(of: "reason: dispute", with: "reason:  dispute"), "two spaces after the colon"),
        (canonical.replacingOccurrences(of: "2026-114\n", with: "2026-114 \n"), "a trailing space"),
        (canonical.replacingOccurrences(of: "10:15:00Z", with: "10:15:00.000Z"), "milliseconds"),
        (canonical.replacingOccurrences(of: "10:15:00Z", with: "10:15:00+00:00"), "an offset"),
        (canonical.replacingOccurrences(of: "cardprep-statement/1", with: "cardprep-statement/2"), "another version"),
        (canonical.replacingOccurrences(of: "nonce: 8c1d", with: "nonce: 8C1D"), "an upper-case nonce"),
        (
            canonical.replacingOccurrences(of: "borrower: alice\napprover: bob\n", with: "borrower: alice\nborrower: bob\n"),
            "a field twice"
        ),
        (canonical.replacingOccurrences(of: "borrower: alice\n", with: "reason: alice\n"), "a reserved name as a field"),
        (
            canonical.replacingOccurrences(
                of: "action: vault.checkout\nsubject: bundle 3f2a9c0d11e4b7a2\n",
                with: "subject: bundle 3f2a9c0d11e4b7a2\naction: vault.checkout\n"), "fields out of order"
        ),
        (canonical.replacingOccurrences(of: "borrower: alice\n", with: "borrower alice\n"), "no colon"),
        (canonical + "extra: line\n", "a line after the nonce"),
    ]

    @Test(arguments: notCanonical)
    func anythingButTheCanonicalTextIsRefused(text: String, what: String) {
        #expect(throws: StatementError.self, "\(what)") { try Statement(parsing: text) }
    }

    @Test func valuesThatCannotBeWrittenAreRefused() {
        #expect(throws: StatementError.badValue(name: "reason", reason: "must be one line without control characters")) {
            try Self.checkout(reason: "two\nlines")
        }
        #expect(throws: StatementError.badValue(name: "reason", reason: "must not be empty")) { try Self.checkout(reason: "") }
        #expect(throws: StatementError.badValue(name: "reason", reason: "must not start or end with a space")) {
            try Self.checkout(reason: " padded")
        }
    }

    @Test func aRequestFindsTheFieldAStatementDiffersIn() throws {
        let statement = try Self.checkout()
        var request = StatementRequest(
            action: .vaultCheckout, subject: "bundle 3f2a9c0d11e4b7a2", pipeline: "nightly",
            fields: [.init("borrower", "alice"), .init("approver", "bob")], reason: "dispute 2026-114")
        #expect(request.difference(from: statement) == nil)
        request.fields[1] = .init("approver", "carol")
        #expect(request.difference(from: statement)! == ("approver", "carol", "bob"))
        request.fields = [.init("borrower", "alice")]
        #expect(request.difference(from: statement)!.field == "fields")
        request = StatementRequest(action: .vaultOpen, subject: statement.subject, pipeline: "nightly", fields: [], reason: "x")
        #expect(request.difference(from: statement)! == ("action", "vault.open", "vault.checkout"))
    }
}
