import CardPrepCore
import Foundation
import Testing

/// The dual-control rule's examples: people named in a statement and people who signed it, accepted or refused.
@Suite struct DualControlRuleTests {
    static func person(_ id: String, _ department: Department, _ roles: [String]) -> Person {
        Person(
            id: id, name: id.capitalized, department: department, roles: roles,
            keys: [PersonKey(type: "ssh-ed25519", base64: "AAAA\(id)", fingerprint: "SHA256:\(id)", comment: "")])
    }

    static let alice = person("alice", .security, ["security"])
    static let bob = person("bob", .security, ["security"])
    static let carol = person("carol", .qa, ["qa-inspector"])
    static let dave = person("dave", .warehouse, [])
    static let erin = person("erin", .production, [])
    static let grace = person("grace", .customerService, [])
    static let frank = person("frank", .management, ["supervisor"])
    static let register = try! PersonRegister(people: [alice, bob, carol, dave, erin, grace, frank])

    static func statement(_ action: ControlledAction, _ named: [String]) throws -> Statement {
        try Statement(
            action: action.rawValue, subject: "bundle 1", pipeline: "p",
            fields: zip(action.duties, named).map { Statement.Field($0, $1) }, reason: "r",
            requestedAt: Date(timeIntervalSince1970: 0), nonce: String(repeating: "0", count: 32))
    }

    struct Example: Sendable, CustomTestStringConvertible {
        var action: ControlledAction
        var named: [String]
        var signers: [String]
        var refusal: DualControlRefusal?
        var testDescription: String { "\(action.rawValue) named \(named) signed by \(signers)" }
    }

    static let examples: [Example] = [
        Example(action: .vaultCheckout, named: ["alice", "bob"], signers: ["bob", "alice"], refusal: nil),
        Example(action: .vaultOpen, named: ["bob", "alice"], signers: ["bob", "alice"], refusal: nil),
        Example(action: .vaultCheckin, named: ["carol", "alice"], signers: ["carol", "alice"], refusal: nil),
        Example(
            action: .vaultCheckout, named: ["alice", "carol"], signers: ["alice", "carol"],
            refusal: .notAdmitted(person: carol.summary, duty: "approver", requirement: "role security")),
        Example(
            action: .vaultCheckin, named: ["alice", "carol"], signers: ["alice", "carol"],
            refusal: .notAdmitted(person: carol.summary, duty: "receiver", requirement: "role security")),
        Example(
            action: .vaultCheckout, named: ["alice", "alice"], signers: ["alice", "alice"],
            refusal: .onePersonTwoDuties(person: "alice", duties: ["borrower", "approver"], action: "vault.checkout")),
        Example(
            action: .vaultCheckout, named: ["alice", "mallory"], signers: ["alice", "bob"],
            refusal: .unknownPerson(id: "mallory", duty: "approver")),
        Example(
            action: .vaultCheckout, named: ["alice", "bob"], signers: ["alice", "alice"],
            refusal: .samePersonTwice(person: "alice", action: "vault.checkout", needed: 2)),
        Example(
            action: .vaultCheckout, named: ["alice", "bob"], signers: ["alice", "carol"],
            refusal: .signerNotNamed(person: "carol", named: ["alice", "bob"])),
        Example(
            action: .vaultCheckout, named: ["alice", "bob"], signers: ["alice"],
            refusal: .notSigned(person: "bob", duty: "approver")),
        Example(
            action: .cardsDestroy, named: ["carol", "erin", "alice", "dave"], signers: ["dave", "alice", "erin", "carol"],
            refusal: nil),
        Example(
            action: .cardsDestroy, named: ["dave", "erin", "alice", "dave"], signers: ["dave", "alice", "erin", "dave"],
            refusal: .onePersonTwoDuties(person: "dave", duties: ["executor", "warehouse-witness"], action: "cards.destroy")),
        Example(
            action: .cardsDestroy, named: ["carol", "erin", "alice", "bob"], signers: ["carol", "erin", "alice", "bob"],
            refusal: .notAdmitted(person: bob.summary, duty: "warehouse-witness", requirement: "department warehouse")),
        Example(
            action: .cardsDestroy, named: ["carol", "erin", "alice", "dave"], signers: ["carol", "erin", "alice"],
            refusal: .notSigned(person: "dave", duty: "warehouse-witness")),
        // A QA decision has one duty: the inspector, of the qa-inspector role, signs alone.
        Example(action: .qaDecide, named: ["carol"], signers: ["carol"], refusal: nil),
        Example(
            action: .qaDecide, named: ["alice"], signers: ["alice"],
            refusal: .notAdmitted(person: alice.summary, duty: "inspector", requirement: "role qa-inspector")),
        Example(
            action: .qaDecide, named: ["carol"], signers: ["alice"],
            refusal: .signerNotNamed(person: "alice", named: ["carol"])),
        Example(action: .qaDecide, named: ["carol"], signers: [], refusal: .notSigned(person: "carol", duty: "inspector")),
        Example(action: .qaDecide, named: ["mallory"], signers: ["carol"], refusal: .unknownPerson(id: "mallory", duty: "inspector")),
        // Closing a complaint has one duty: the handler, of the customer-service department, signs alone.
        Example(action: .complaintClose, named: ["grace"], signers: ["grace"], refusal: nil),
        Example(
            action: .complaintClose, named: ["alice"], signers: ["alice"],
            refusal: .notAdmitted(person: alice.summary, duty: "handler", requirement: "department customer-service")),
        Example(
            action: .complaintClose, named: ["grace"], signers: ["alice"],
            refusal: .signerNotNamed(person: "alice", named: ["grace"])),
        // A stock transfer is asked for by the warehouse and approved by a supervisor.
        Example(action: .stockTransfer, named: ["dave", "frank"], signers: ["dave", "frank"], refusal: nil),
        Example(
            action: .stockReclassify, named: ["alice", "frank"], signers: ["alice", "frank"],
            refusal: .notAdmitted(person: alice.summary, duty: "requester", requirement: "department warehouse")),
        Example(
            action: .stockTransfer, named: ["dave", "erin"], signers: ["dave", "erin"],
            refusal: .notAdmitted(person: erin.summary, duty: "approver", requirement: "role supervisor")),
    ]

    @Test(arguments: examples)
    func theRuleDecidesEachExample(example: Example) throws {
        let rule = DualControlPolicy().rule(for: example.action)
        let statement = try Self.statement(example.action, example.named)
        let signers = example.signers.compactMap(Self.register.person(id:))
        do {
            let assignments = try rule.namedPeople(in: statement, register: Self.register)
            try rule.confirm(assignments, signedBy: signers)
            #expect(example.refusal == nil)
            #expect(assignments.map(\.person.id) == example.named)
        } catch {
            #expect(error == example.refusal)
        }
    }

    @Test func theDefaultsAreTwoSecurityPeopleAndASecurityReceiver() {
        let policy = DualControlPolicy()
        #expect(policy.statementMaxAge == .seconds(1800))
        #expect(
            policy.rule(for: .vaultCheckout).requirements == [
                DutyRequirement(role: "security"), DutyRequirement(role: "security"),
            ])
        #expect(
            policy.rule(for: .vaultOpen).requirements == [DutyRequirement(role: "security"), DutyRequirement(role: "security")])
        #expect(policy.rule(for: .vaultCheckin).requirements == [.anyone, DutyRequirement(role: "security")])
        #expect(policy.rule(for: .qaDecide).requirements == [DutyRequirement(role: "qa-inspector")])
        #expect(ControlledAction.qaDecide.duties == ["inspector"])
        #expect(policy.rule(for: .complaintClose).requirements == [DutyRequirement(department: .customerService)])
        #expect(ControlledAction.complaintClose.duties == ["handler"] && ControlledAction.complaintClose.dropAction == nil)
    }

    @Test func aDestructionNeedsAnExecutorAndAWitnessOfEachDepartment() {
        let rule = DualControlPolicy().rule(for: .cardsDestroy)
        #expect(ControlledAction(rawValue: "cards.destroy") == .cardsDestroy)
        #expect(rule.duties.map(\.name) == ["executor", "production-witness", "security-witness", "warehouse-witness"])
        #expect(
            rule.requirements == [
                .anyone, DutyRequirement(department: .production), DutyRequirement(department: .security),
                DutyRequirement(department: .warehouse),
            ])
    }

    @Test func aDepartmentRequirementAdmitsItsPeopleOnly() {
        let warehouse = DutyRequirement(department: .warehouse)
        #expect(!warehouse.admits(Self.alice))
        #expect(warehouse.admits(Self.person("dave", .warehouse, [])))
        #expect(DutyRequirement(role: "security", department: .qa).admits(Self.alice) == false)
    }

    @Test func aRegisterRefusesSharedKeysAndReservedIDs() {
        var twin = Self.bob
        twin.id = "bobby"
        #expect(throws: PersonRegisterError.sharedKey(fingerprint: "SHA256:bob", people: ["bob", "bobby"])) {
            try PersonRegister(people: [Self.bob, twin])
        }
        #expect(throws: PersonRegisterError.reservedID("system")) {
            try PersonRegister(people: [Self.person("system", .management, [])])
        }
        #expect(throws: PersonRegisterError.duplicateID("bob")) { try PersonRegister(people: [Self.bob, Self.bob]) }
        #expect(Self.register.person(holdingKey: "ssh-ed25519 AAAAcarol")?.id == "carol")
    }

    /// A remake of an archived drop's cards carries `vault.open`'s duties: four people, every one different, the
    /// opener and the witness of security.
    @Test func aRemakeFromTheVaultNeedsFourDifferentPeople() throws {
        let request = StatementRequest(
            action: .cardsRemake, subject: "drop 1", pipeline: "p", fields: [], reason: "r", including: [.vaultOpen])
        let rule = DualControlPolicy().rule(for: request)
        #expect(rule.duties.map(\.name) == ["requester", "approver", "opener", "witness"])
        #expect(rule.requirements.suffix(2) == [DutyRequirement(role: "security"), DutyRequirement(role: "security")])
        #expect(DualControlPolicy().rule(for: .cardsRemake).duties.count == 2)
        func named(_ people: [String]) throws -> Statement {
            try Statement(
                action: "cards.remake", subject: "drop 1", pipeline: "p",
                fields: zip(rule.dutyNames, people).map { Statement.Field($0, $1) }, reason: "r",
                requestedAt: Date(timeIntervalSince1970: 0), nonce: String(repeating: "0", count: 32))
        }
        let four = try rule.namedPeople(in: try named(["erin", "frank", "alice", "bob"]), register: Self.register)
        #expect(four.map(\.person.id) == ["erin", "frank", "alice", "bob"])
        #expect(throws: DualControlRefusal.notAdmitted(person: Self.dave.summary, duty: "witness", requirement: "role security")) {
            try rule.namedPeople(in: try named(["erin", "frank", "alice", "dave"]), register: Self.register)
        }
        #expect(throws: DualControlRefusal.onePersonTwoDuties(person: "alice", duties: ["opener", "witness"], action: "cards.remake")) {
            try rule.namedPeople(in: try named(["erin", "frank", "alice", "alice"]), register: Self.register)
        }
        #expect(throws: DualControlRefusal.samePersonTwice(person: "alice", action: "cards.remake", needed: 4)) {
            try rule.confirm(four, signedBy: [Self.erin, Self.frank, Self.alice, Self.alice])
        }
        #expect(throws: DualControlRefusal.notSigned(person: "bob", duty: "witness")) {
            try rule.confirm(four, signedBy: [Self.erin, Self.frank, Self.alice])
        }
    }
}
