import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// The complaints register: a complaint opened about a drop and a card, a note, and the closure its handler signs;
/// what is refused changes nothing.
@Suite struct ComplaintRegisterTests {
    /// The clock of the register, an hour ahead, so that every fixture's drop is older than it and ingest takes it.
    static let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3600).rounded(.down))
    static let received = now.addingTimeInterval(-3600)
    static let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year!

    /// One ingested drop, the fixture's people and grace (customer-service) with a key made by ssh-keygen.
    static func fixture() throws -> (IngestFixture, PeopleFixture, ComplaintRegister, Ledger, String) {
        let fixture = try IngestFixture(customers: 1)
        let people = try PeopleFixture(peopleFolder: fixture.pipeline.peopleFolder, keysFolder: fixture.root + "/people-keys")
        try PeopleFixture.keygen(["-t", "ed25519", "-C", "grace@test", "-f", people.keys + "/grace"])
        let key = try String(contentsOfFile: people.keys + "/grace.pub", encoding: .utf8).trimmingCharacters(in: .newlines)
        try "id: grace\nname: Grace Adeyemi\ndepartment: customer-service\nkeys:\n  - \"\(key)\"\n"
            .write(toFile: fixture.pipeline.peopleFolder + "/grace.yml", atomically: true, encoding: .utf8)
        try fixture.ingest(now: now)
        let ledger = try fixture.ledger()
        let register = ComplaintRegister(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context(now: now))
        return (fixture, people, register, ledger, try #require(try ledger.drops().first).id)
    }

    static let closing = ComplaintClosing(
        cause: .cardDefect, department: .production, remedy: .remake, reply: "We remake the 2 cards; they leave on 12 November.")

    func sign(
        _ file: ComplaintFile, by handler: String, signer: String? = nil, _ fixture: IngestFixture, _ people: PeopleFixture,
        _ ledger: Ledger, _ register: ComplaintRegister
    ) throws -> VerifiedStatement {
        let request = try register.closeRequest(file, closing: Self.closing, handler: handler, reason: "complaint answered")
        let dualControl = try DualControl(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context(now: Self.now))
        var generator = SystemRandomNumberGenerator()
        let prepared = try dualControl.prepare(request, using: &generator)
        let signature = try people.sign(file: prepared.file, by: signer ?? handler)
        return try dualControl.verify(request, statementFile: prepared.file, signatureFiles: [signature])
    }

    @Test func aComplaintIsOpenedNotedAndClosedOnItsHandlersStatement() throws {
        let (fixture, people, register, ledger, dropID) = try Self.fixture()
        let customer = fixture.generated.drops[0].customer
        let id = try register.open(
            ComplaintOpening(
                customer: customer, receivedAt: Self.received, summary: "2 cards with the embossing worn", cards: ["000123"],
                drops: [String(dropID.prefix(10))]))
        #expect(id.description == "CMP-\(Self.year)-0001")
        #expect(
            try register.open(ComplaintOpening(customer: customer, summary: "late", orders: ["PO-1"])).description
                == "CMP-\(Self.year)-0002")
        try register.note("cmp-\(Self.year)-1", text: "asked the floor for the batch's spoil report")
        var file = try register.find("CMP-\(Self.year)-0001")
        #expect(file.links == [ComplaintLink(.card, "000123"), ComplaintLink(.drop, dropID)])
        #expect(file.notes.map(\.text) == ["asked the floor for the batch's spoil report"] && file.notes[0].actor == "system")
        #expect(file.complaint.actor == "system" && file.state == .open)

        let approval = try sign(file, by: "grace", fixture, people, ledger, register)
        #expect(
            approval.statement.field("notes") == "1"
                && approval.statement.field("record-sha256") == ComplaintRecordDigest.sha256(file))
        let closure = try register.close(file, closing: Self.closing, on: approval)
        #expect(closure.handler == "grace" && closure.handlerName == "Grace Adeyemi" && closure.statement == approval.digest)
        file = try register.find(id.description)
        #expect(file.state == .closed && file.closure == closure)
        #expect(try ledger.signedStatement(digest: approval.digest)?.signers == "handler=grace")

        let events = try ledger.auditEntries().filter { $0.event.hasPrefix("complaint.") }
        #expect(events.map(\.event) == ["complaint.opened", "complaint.opened", "complaint.noted", "complaint.closed"])
        #expect(events.map(\.actor) == ["system", "system", "system", "grace"])
        #expect(
            try ledger.auditEntries(dropID: dropID).map(\.event).filter { $0.hasPrefix("complaint.") }.count == 3,
            "the drop's history shows the complaints about it")
        #expect(try ledger.verifyAuditChain().isEmpty)

        // Closed is final: closing again and noting are refused before anything is signed, and change nothing.
        #expect(throws: ComplaintError.closed(id: id.description, at: closure.closedAt, by: "grace")) {
            try register.checkCanClose(file)
        }
        #expect(throws: ComplaintError.closed(id: id.description, at: closure.closedAt, by: "grace")) {
            try register.note(id.description, text: "too late")
        }
        #expect(throws: LedgerError.self, "the ledger closes a complaint once") {
            try register.close(file, closing: Self.closing, on: try sign(file, by: "grace", fixture, people, ledger, register))
        }
        #expect(try register.find(id.description) == file)
    }

    @Test func aNoteAddedAfterTheStatementWasPrintedMakesItStale() throws {
        let (fixture, people, register, ledger, dropID) = try Self.fixture()
        let id = try register.open(
            ComplaintOpening(customer: fixture.generated.drops[0].customer, summary: "wrong names", drops: [dropID]))
        let before = try register.find(id.description)
        let request = try register.closeRequest(before, closing: Self.closing, handler: "grace", reason: "complaint answered")
        let dualControl = try DualControl(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context(now: Self.now))
        var generator = SystemRandomNumberGenerator()
        let prepared = try dualControl.prepare(request, using: &generator)
        let signature = try people.sign(file: prepared.file, by: "grace")
        try register.note(id.description, text: "the customer sent photographs")
        let after = try register.closeRequest(
            try register.find(id.description), closing: Self.closing, handler: "grace", reason: "complaint answered")
        #expect(throws: StatementRefusal.self) {
            try dualControl.verify(after, statementFile: prepared.file, signatureFiles: [signature])
        }
        #expect(try register.find(id.description).state == .open)
    }

    @Test func theWrongPersonCannotCloseAComplaint() throws {
        let (fixture, people, register, ledger, dropID) = try Self.fixture()
        let id = try register.open(
            ComplaintOpening(customer: fixture.generated.drops[0].customer, summary: "late", drops: [dropID]))
        let file = try register.find(id.description)
        #expect(throws: StatementRefusal.self, "alice is not of customer service") {
            try sign(file, by: "alice", fixture, people, ledger, register)
        }
        #expect(throws: StatementRefusal.self, "grace is named, alice signs") {
            try sign(file, by: "grace", signer: "alice", fixture, people, ledger, register)
        }
        #expect(try register.find(id.description).state == .open)
        #expect(try ledger.auditEntries().filter { $0.event == "complaint.closed" }.isEmpty)
    }

    @Test func whatCannotBeOpenedIsRefusedAndNothingIsRecorded() throws {
        let (fixture, _, register, ledger, dropID) = try Self.fixture()
        let customer = fixture.generated.drops[0].customer
        let refused: [(ComplaintOpening, ComplaintError?)] = [
            (ComplaintOpening(customer: "nobody", summary: "s", orders: ["1"]), .unknownCustomer("nobody", known: [customer])),
            (ComplaintOpening(customer: customer, summary: "s"), .noLinks),
            (
                ComplaintOpening(customer: customer, summary: "two\nlines", orders: ["1"]),
                .badText(option: "--summary", reason: "must be one line without control characters")
            ),
            (ComplaintOpening(customer: customer, summary: "s", lots: ["L-none"]), .unknownLot("L-none")),
            (
                ComplaintOpening(
                    customer: customer, receivedAt: Self.now.addingTimeInterval(86_400), summary: "s", orders: ["1"]),
                .receivedInFuture(Self.now.addingTimeInterval(86_400))
            ),
            (ComplaintOpening(customer: customer, summary: "s", drops: ["deadbeefdead"]), nil),
        ]
        for (opening, error) in refused {
            do {
                _ = try register.open(opening)
                Issue.record("\(opening) was opened")
            } catch let refusal as ComplaintError {
                #expect(refusal == error)
                #expect(refusal.exitCode == .usage)
            } catch {
                #expect(error is DropLookupError && opening.drops == ["deadbeefdead"], "\(error)")
            }
        }
        #expect(try ledger.complaints().isEmpty)
        #expect(try ledger.auditEntries().filter { $0.event.hasPrefix("complaint.") }.isEmpty)
        #expect(throws: ComplaintError.unknown(id: "CMP-\(Self.year)-0009")) {
            try register.note("CMP-\(Self.year)-0009", text: "t")
        }
        #expect(throws: ComplaintError.badID("9")) { try register.find("9") }
        _ = dropID
    }

    @Test func statusShowsTheOpenComplaintsAndTheOldest() throws {
        let (fixture, _, register, ledger, dropID) = try Self.fixture()
        let customer = fixture.generated.drops[0].customer
        _ = try register.open(ComplaintOpening(customer: customer, receivedAt: Self.received, summary: "first", drops: [dropID]))
        _ = try register.open(
            ComplaintOpening(
                customer: customer, receivedAt: Self.received.addingTimeInterval(-7200), summary: "older", orders: ["1"]))
        let status = try ComplaintStatus.collect(ledger: ledger, now: Self.now)
        #expect(status.open == 2 && status.oldest?.id == "CMP-\(Self.year)-0002" && status.oldest?.ageSeconds == 3 * 3600)
        #expect(status.line == "complaints: 2 open, oldest CMP-\(Self.year)-0002 (\(customer)) received 3h 0m ago")
        let pipeline = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Self.now)
        #expect(pipeline.text.contains("complaints: 2 open, oldest CMP-\(Self.year)-0002"))
        let empty = try Ledger(path: fixture.root + "/empty.sqlite")
        #expect(try ComplaintStatus.collect(ledger: empty, now: Self.now).line == nil)
    }
}
