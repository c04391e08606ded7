import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct PersonRegisterTests {
    static let packageRoot = IngestFixture.packageRoot
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("people-\(UUID().uuidString)").path

    static let aliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPcFAC6N4oX5vpQqVDymsqoIi+55YxTqyxyadH/1Qdnm alice@demo"

    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        return folder + "/" + name
    }

    @Test func theSampleRegisterLoads() throws {
        let register = try PersonRegisterFolder.load(Self.packageRoot + "/Pipelines/people")
        #expect(register.people.map(\.id) == ["alice", "bob", "carol", "dave", "erin", "frank", "grace"])
        #expect(register.people(admittedBy: DutyRequirement(department: .customerService)).map(\.id) == ["grace"])
        #expect(register.people(admittedBy: DutyRequirement(role: "qa-inspector")).map(\.id) == ["carol"])
        #expect(register.person(id: "bob")?.keys.first?.type == "ecdsa-sha2-nistp256")
        #expect(register.people(admittedBy: DutyRequirement(role: "security")).map(\.id) == ["alice", "bob"])
        let sample = try PipelineDefinition.load(path: Self.packageRoot + "/Pipelines/sample.yml")
        #expect(sample.peopleFolder == Self.packageRoot + "/Pipelines/people")
        #expect(sample.dualControl == DualControlPolicy())
    }

    @Test func aFolderThatDoesNotExistIsAnEmptyRegister() throws {
        #expect(try PersonRegisterFolder.load(folder + "/none").people.isEmpty)
    }

    static let mistakes: [(file: String, text: String, line: Int?, reason: String)] = [
        (
            "alice.yml", "id: alice\nname: A\ndepartment: security\nroles: [security]\nkeys:\n  - \"\(aliceKey)\"\nshoe: 9\n", 7,
            "unknown key 'shoe' (known: department, id, keys, name, roles)"
        ),
        (
            "al.yml", "id: alice\nname: A\ndepartment: security\nkeys:\n  - \"\(aliceKey)\"\n", 1,
            "'id': the file of 'alice' must be named alice.yml"
        ),
        (
            "alice.yml", "id: alice\nname: A\ndepartment: vault\nkeys:\n  - \"\(aliceKey)\"\n", 3,
            "'department': unknown department 'vault' (known: production, security, warehouse, qa, customer-service, management)"
        ),
        (
            "alice.yml", "id: alice\nname: A\ndepartment: security\nroles: [Security]\nkeys:\n  - \"\(aliceKey)\"\n", 4,
            "role 'Security' must be lowercase letters, digits and '-'"
        ),
        (
            "alice.yml",
            "id: alice\nname: A\ndepartment: security\nkeys:\n  - \"\(aliceKey)\"\n  - \"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== x\"\n",
            6,
            "not a usable SSH public key line: unsupported SSH key type ssh-rsa; CardPrep reads ssh-ed25519 keys, and for people also ecdsa-sha2-nistp256 and sk-ssh-ed25519@openssh.com"
        ),
        (
            "alice.yml", "id: alice\nname: A\ndepartment: security\nkeys: []\n", 4,
            "'keys': at least one SSH public key is required"
        ),
        (
            "system.yml", "id: system\nname: S\ndepartment: security\nkeys:\n  - \"\(aliceKey)\"\n", 1,
            "'id': 'system' must be lowercase letters, digits, '.', '_' and '-', starting with a letter, and not 'system'"
        ),
    ]

    @Test(arguments: mistakes)
    func mistakesNameTheFileAndLine(file: String, text: String, line: Int?, reason: String) throws {
        let path = try write(file, text)
        #expect(throws: ConfigurationError(file: path, line: line, reason: reason)) { try PersonRegisterFolder.load(folder) }
    }

    @Test func aKeyListedForTwoPeopleIsRefused() throws {
        _ = try write("alice.yml", "id: alice\nname: A\ndepartment: security\nkeys:\n  - \"\(Self.aliceKey)\"\n")
        let bob = try write("bob.yml", "id: bob\nname: B\ndepartment: security\nkeys:\n  - \"\(Self.aliceKey) copied\"\n")
        #expect(throws: ConfigurationError.self) { try PersonRegisterFolder.load(folder) }
        do { _ = try PersonRegisterFolder.load(folder) } catch {
            #expect(error.file == bob && error.line == 5)
            #expect(error.reason.contains("also listed for alice in \(folder)/alice.yml"), "\(error)")
        }
    }

    static let base = """
        version: 1
        name: t
        inbox: inbox
        output: out
        keys:
          identity: keys/bureau.agekey

        """

    @Test func theDualControlBlockOverridesDutiesAndTheAge() throws {
        let text =
            Self.base + """
                people: staff
                dual_control:
                  statement_max_age: 10m
                  vault.open: {witness: {department: security}}
                  vault.checkin: {returner: security, receiver: {role: custodian, department: security}}
                  qa.decide: {inspector: {role: qa-lead, department: qa}}
                """
        let definition = try PipelineDefinition.parse(text: text, file: "/srv/p/pipeline.yml")
        #expect(definition.peopleFolder == "/srv/p/staff")
        #expect(definition.dualControl.statementMaxAge == .seconds(600))
        #expect(
            definition.dualControl.rule(for: .vaultOpen).requirements == [
                DutyRequirement(role: "security"), DutyRequirement(department: .security),
            ])
        #expect(
            definition.dualControl.rule(for: .vaultCheckin).requirements
                == [DutyRequirement(role: "security"), DutyRequirement(role: "custodian", department: .security)])
        #expect(definition.dualControl.rule(for: .vaultCheckout) == ControlledAction.vaultCheckout.defaultRule)
        #expect(definition.dualControl.rule(for: .qaDecide).requirements == [DutyRequirement(role: "qa-lead", department: .qa)])
    }

    @Test func theDualControlBlockConfiguresADestructionsDuties() throws {
        let text =
            Self.base + """
                dual_control:
                  cards.destroy: {executor: {department: production}, security-witness: {role: security, department: security}}
                """
        let rule = try PipelineDefinition.parse(text: text, file: "/srv/p/pipeline.yml").dualControl.rule(for: .cardsDestroy)
        #expect(
            rule.requirements == [
                DutyRequirement(department: .production), DutyRequirement(department: .production),
                DutyRequirement(role: "security", department: .security), DutyRequirement(department: .warehouse),
            ])
        let sample = try PipelineDefinition.load(path: Self.packageRoot + "/Pipelines/sample.yml")
        #expect(sample.dualControl.rule(for: .cardsDestroy) == ControlledAction.cardsDestroy.defaultRule)
    }

    static let badBlocks: [(String, Int, String)] = [
        (
            "dual_control:\n  vault.open: {opener: security, approver: security}\n", 8,
            "unknown key 'approver' (known: opener, witness)"
        ),
        (
            "dual_control:\n  vault.destroy: {opener: security}\n", 8,
            "unknown key 'vault.destroy' (known: "
                + (["statement_max_age"] + ControlledAction.allCases.map(\.rawValue)).sorted().joined(separator: ", ") + ")"
        ),
        (
            "dual_control:\n  vault.open: {opener: {department: vault}}\n", 8,
            "'department': unknown department 'vault' (known: production, security, warehouse, qa, customer-service, management)"
        ),
        (
            "dual_control:\n  qa.decide: {inspector: security, witness: security}\n", 8,
            "unknown key 'witness' (known: inspector)"
        ),
        (
            "dual_control:\n  statement_max_age: soon\n", 8,
            "'statement_max_age': 'soon' is not a duration such as 90s, 30m, 6h, 14d or 24mo"
        ),
    ]

    @Test(arguments: badBlocks)
    func mistakesInTheDualControlBlockNameTheLine(block: String, line: Int, reason: String) {
        #expect(throws: ConfigurationError(file: "p.yml", line: line, reason: reason)) {
            try PipelineDefinition.parse(text: Self.base + block, file: "p.yml")
        }
    }
}
