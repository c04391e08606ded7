import CardPrepCore
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// The complaints register in the ledger (v14): numbered per year, links in typed columns, notes while open, one
/// closure on a statement used once; every change an audit entry. On both ledger stores.
@Suite struct ComplaintLedgerTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("complaints-\(UUID().uuidString)").path
    let time = Date(timeIntervalSince1970: 1_793_700_000)

    func ledger(_ kind: LedgerStoreKind = .sqlite) throws -> Ledger {
        try TestLedgers.new(kind, in: folder)
    }

    func open(_ ledger: Ledger, year: Int = 2026, links: [ComplaintLink] = [ComplaintLink(.order, "PO-1")]) throws -> ComplaintID
    {
        try ledger.openComplaint(
            year: year, links: links,
            event: { AuditEvent(event: "complaint.opened", actor: "system", host: "h", details: ["complaint": $0.description]) },
            at: time
        ) {
            ComplaintRecord(
                id: $0, customer: "cust-01", receivedAt: time, summary: "s", openedAt: time, actor: "system", host: "h")
        }
    }

    func statement(_ digest: String) -> SignedStatementRecord {
        SignedStatementRecord(
            digest: digest, action: "complaint.close", subject: "complaint CMP-2026-0001", nonce: String(digest.prefix(32)),
            requestedAt: time, acceptedAt: time, signers: "handler=grace", keys: "grace SHA256:x", text: "t", signatures: "s")
    }

    func closure(_ id: String, statement: String) -> ComplaintClosureRecord {
        ComplaintClosureRecord(
            complaintID: id, closedAt: time, cause: .cardDefect, responsibleDepartment: .production, remedy: .remake, reply: "r",
            handler: "grace", handlerName: "Grace", handlerKey: "SHA256:x", statement: statement)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func complaintsAreNumberedFromOneEachYear(on kind: LedgerStoreKind) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ledger = try ledger(kind)
        let ids = try [2026, 2026, 2027, 2026].map { try open(ledger, year: $0).description }
        #expect(ids == ["CMP-2026-0001", "CMP-2026-0002", "CMP-2027-0001", "CMP-2026-0003"])
        #expect(
            try ledger.complaints().map(\.complaint.id) == ["CMP-2026-0001", "CMP-2026-0002", "CMP-2026-0003", "CMP-2027-0001"])
        #expect(try ledger.auditEntries().map(\.event) == Array(repeating: "complaint.opened", count: 4))
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func linksAreKeptInColumnsOfTheirKind(on kind: LedgerStoreKind) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ledger = try ledger(kind)
        let links = [ComplaintLink(.card, "000123"), ComplaintLink(.shipment, "SH-9"), ComplaintLink(.order, "PO-1")]
        let id = try open(ledger, links: links)
        #expect(try ledger.complaint(id: id.description)?.links == links)
        let rows = try ledger.store.read {
            try $0.rows(#"SELECT "serial", "shipment", "orderID" FROM "complaintLink" ORDER BY "seq""#, [])
        }
        #expect(
            rows.map { [$0.text("serial"), $0.text("shipment"), $0.text("orderID")] } == [
                ["000123", nil, nil], [nil, "SH-9", nil], [nil, nil, "PO-1"],
            ])
        // A link to a drop or a lot the ledger does not hold is refused, and so is a complaint with it.
        #expect(throws: LedgerError.self) { try open(ledger, links: [ComplaintLink(.drop, "feedface")]) }
        #expect(throws: LedgerError.self) { try open(ledger, links: [ComplaintLink(.lot, "L-none")]) }
        #expect(try ledger.complaints().count == 1)
        // A row naming two things, or none, is refused by the table itself.
        #expect(throws: (any Error).self) {
            try ledger.store.write {
                try $0.execute(
                    #"INSERT INTO "complaintLink" ("complaintID", "serial", "orderID") VALUES (?, 'a', 'b')"#,
                    [.text(id.description)])
            }
        }
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aComplaintIsClosedOnceAndTakesNoNoteAfter(on kind: LedgerStoreKind) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ledger = try ledger(kind)
        let id = try open(ledger).description
        let noted = AuditEvent(event: "complaint.noted", actor: "system", host: "h")
        try ledger.addComplaintNote(
            ComplaintNoteRecord(complaintID: id, at: time, text: "n1", actor: "system", host: "h"), event: noted, at: time)
        let closed = AuditEvent(event: "complaint.closed", actor: "grace", host: "h")
        try ledger.closeComplaint(
            closure(id, statement: String(repeating: "a", count: 64)), statement: statement(String(repeating: "a", count: 64)),
            event: closed, at: time)
        #expect(try ledger.complaint(id: id)?.state == .closed)
        #expect(throws: LedgerError.self) {
            try ledger.closeComplaint(
                closure(id, statement: String(repeating: "b", count: 64)),
                statement: statement(String(repeating: "b", count: 64)),
                event: closed, at: time)
        }
        #expect(throws: LedgerError.self) {
            try ledger.addComplaintNote(
                ComplaintNoteRecord(complaintID: id, at: time, text: "n2", actor: "system", host: "h"), event: noted, at: time)
        }
        #expect(throws: LedgerError.self, "unknown complaint") {
            try ledger.addComplaintNote(
                ComplaintNoteRecord(complaintID: "CMP-2026-0099", at: time, text: "n", actor: "system", host: "h"), event: noted,
                at: time)
        }
        let file = try #require(try ledger.complaint(id: id))
        #expect(file.notes.map(\.text) == ["n1"] && file.closure?.statement == String(repeating: "a", count: 64))
        #expect(
            try ledger.signedStatement(digest: String(repeating: "b", count: 64)) == nil, "a refused closure keeps no statement")
        #expect(try ledger.auditEntries().map(\.event) == ["complaint.opened", "complaint.noted", "complaint.closed"])
    }

    @Test func checkpointsCoverTheComplaintTables() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = AuditedTables.all.map(\.name)
        for table in ["complaint", "complaintLink", "complaintNote", "complaintClosure"] {
            #expect(names.contains(table))
            #expect(AuditedTables.all.first { $0.name == table }?.mutableColumns == [], "\(table) rows never change")
        }
        let ledger = try ledger()
        _ = try open(ledger)
        let snapshot = try ledger.auditSnapshot()
        #expect(snapshot.tables.first { $0.table == "complaint" }?.rows == 1)
        #expect(
            try DatabaseQueue(path: folder + "/ledger.sqlite").read {
                try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
            }.contains("v14: complaints"))
    }
}
