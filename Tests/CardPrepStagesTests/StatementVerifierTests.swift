import CardPrepCore
import CardPrepCrypto
import Foundation
import Testing

@testable import CardPrepStages

/// Signed statements checked against a register of three people whose keys ssh-keygen made (and a security key).
@Suite struct StatementVerifierTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("statements-\(UUID().uuidString)").path
    let people: PeopleFixture
    let verifier: StatementVerifier
    let now = Date(timeIntervalSince1970: 1_793_614_500)

    init() throws {
        people = try PeopleFixture(peopleFolder: root + "/people", keysFolder: root + "/keys")
        verifier = StatementVerifier(register: try PersonRegisterFolder.load(root + "/people"), policy: DualControlPolicy())
    }

    func request(
        _ action: ControlledAction = .vaultCheckout, _ named: [String] = ["alice", "bob"], subject: String = "bundle b1"
    )
        -> StatementRequest
    {
        StatementRequest(
            action: action, subject: subject, pipeline: "test",
            fields: zip(action.duties, named).map { Statement.Field($0, $1) }, reason: "dispute 114")
    }

    func statement(_ request: StatementRequest, at time: Date? = nil) throws -> String {
        try request.statement(at: time ?? now, nonce: String(repeating: "ab", count: 16)).text
    }

    func verify(_ request: StatementRequest, _ text: String, _ signers: [String], at time: Date? = nil) throws
        -> VerifiedStatement
    {
        let signatures = try signers.map {
            StatementVerifier.SignatureText(path: "\($0).sig", text: try people.signature(of: text, by: $0))
        }
        return try verifier.verify(
            text, path: "statement.txt", signatures: signatures, for: request, at: time ?? now.addingTimeInterval(60))
    }

    func refusal(_ body: () throws -> Void) -> StatementRefusal? {
        do { try body() } catch let refusal as StatementRefusal { return refusal } catch { Issue.record("\(error)") }
        return nil
    }

    @Test func ed25519AndECDSASignaturesFromSSHKeygenAreAccepted() throws {
        let request = request()
        let verified = try verify(request, try statement(request), ["bob", "alice"])
        #expect(verified.signers.map(\.duty) == ["borrower", "approver"])
        #expect(verified.signers.map(\.person.id) == ["alice", "bob"])
        #expect(verified.signers.map(\.keyType) == ["ssh-ed25519", "ecdsa-sha2-nistp256"])
        #expect(verified.actor == "alice+bob")
        #expect(verified.digest.count == 64)
    }

    @Test func aSecurityKeySignatureIsAccepted() throws {
        let request = request(.vaultCheckin, ["carol", "bob"])
        let verified = try verify(request, try statement(request), ["carol", "bob"])
        #expect(verified.person(onDuty: "returner")?.id == "carol")
        #expect(verified.signers[0].keyType == "sk-ssh-ed25519@openssh.com")
    }

    @Test func aSecurityKeySignatureWithoutATouchIsRefused() throws {
        let request = request(.vaultCheckin, ["carol", "bob"])
        let text = try statement(request)
        let signatures = [
            StatementVerifier.SignatureText(path: "carol.sig", text: try people.signature(of: text, by: "carol", touched: false)),
            StatementVerifier.SignatureText(path: "bob.sig", text: try people.signature(of: text, by: "bob")),
        ]
        let refused = refusal { _ = try verifier.verify(text, path: "s", signatures: signatures, for: request, at: now) }
        guard case .badSignature(_, "carol", .userNotPresent)? = refused else {
            Issue.record("\(String(describing: refused))"); return
        }
    }

    @Test func aKeyNotInTheRegisterIsRefused() throws {
        let request = request()
        let refused = refusal { _ = try verify(request, try statement(request), ["alice", "mallory"]) }
        guard case let .unregisteredKey(path, _, type)? = refused else { Issue.record("\(String(describing: refused))"); return }
        #expect(path == "mallory.sig" && type == "ssh-ed25519")
        #expect(refused!.exitCode == .verificationFailed)
        #expect(refused!.description.contains("not in the register of people"))
    }

    @Test func theSamePersonTwiceIsRefused() throws {
        let request = request()
        let refused = refusal { _ = try verify(request, try statement(request), ["alice", "alice"]) }
        guard case .rule(.samePersonTwice(person: "alice", action: "vault.checkout", needed: 2))? = refused else {
            Issue.record("\(String(describing: refused))"); return
        }
        #expect(refused!.description == "two signatures are by the same person, alice; vault.checkout needs 2 different people")
    }

    @Test func theWrongRoleIsRefused() throws {
        let request = request(.vaultCheckout, ["alice", "carol"])
        let refused = refusal { _ = try verify(request, try statement(request), ["alice", "carol"]) }
        guard case .rule(.notAdmitted(_, "approver", "role security"))? = refused else {
            Issue.record("\(String(describing: refused))"); return
        }
        #expect(refused!.description.contains("carol (Carol Okafor, qa; roles qa-inspector) may not sign as approver"))
    }

    @Test func aSignatureOverAnotherStatementIsRefused() throws {
        let request = request()
        let text = try statement(request)
        let other = try request.statement(at: now, nonce: String(repeating: "cd", count: 16)).text
        let signatures = [
            StatementVerifier.SignatureText(path: "alice.sig", text: try people.signature(of: text, by: "alice")),
            StatementVerifier.SignatureText(path: "bob.sig", text: try people.signature(of: other, by: "bob")),
        ]
        let refused = refusal { _ = try verifier.verify(text, path: "s", signatures: signatures, for: request, at: now) }
        guard case .badSignature("bob.sig", "bob", .badSignature)? = refused else {
            Issue.record("\(String(describing: refused))"); return
        }
        #expect(refused!.description.contains("made over another statement"))
    }

    @Test func aStatementForAnotherRequestIsRefused() throws {
        let asked = request(subject: "bundle b2")
        let refused = refusal { _ = try verify(asked, try statement(request()), ["alice", "bob"]) }
        guard case .otherRequest("subject", "bundle b2", "bundle b1")? = refused else {
            Issue.record("\(String(describing: refused))"); return
        }
    }

    @Test func staleAndFutureStatementsAreRefused() throws {
        let request = request()
        let text = try statement(request)
        let stale = refusal { _ = try verify(request, text, ["alice", "bob"], at: now.addingTimeInterval(31 * 60)) }
        guard case .stale? = stale else { Issue.record("\(String(describing: stale))"); return }
        #expect(stale!.description.contains("31 min ago"))
        let future = refusal { _ = try verify(request, text, ["alice", "bob"], at: now.addingTimeInterval(-6 * 60)) }
        guard case .fromTheFuture? = future else { Issue.record("\(String(describing: future))"); return }
        _ = try verify(request, text, ["alice", "bob"], at: now.addingTimeInterval(29 * 60))
    }

    @Test func missingSignaturesAreAUsageMatter() throws {
        let request = request()
        let refused = refusal { _ = try verify(request, try statement(request), ["alice"]) }
        guard case .tooFewSignatures(_, 1, 2)? = refused else { Issue.record("\(String(describing: refused))"); return }
        #expect(refused!.exitCode == .usage)
    }
}
