import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The signed actions of one pipeline: prints the statement a request needs, and checks the statement when it comes
/// back signed, against the pipeline's register of people, its dual-control rules and the statements used before.
public struct DualControl {
    /// The pipeline whose register and rules apply.
    public let pipeline: PipelineDefinition
    /// The register of people statements are verified against: the pipeline's `people` folder, as approved.
    public let register: PersonRegister
    let ledger: Ledger
    let context: RunContext

    /// Loads the pipeline's register of people, which must be the approved one (see `RegisterApproval`; on first use
    /// it is recorded as it is).
    /// - Throws: `ConfigurationError` for a mistake in the register, with its file and line; `RegisterNotApproved`
    ///   when the folder differs from the approved register; `LedgerError`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) throws {
        self.init(
            pipeline: pipeline, register: try RegisterApproval(pipeline: pipeline, ledger: ledger, context: context).approvedRegister(),
            ledger: ledger, context: context)
    }

    /// Verifies against `register`: for approving a change to the register, the one approved before it.
    public init(pipeline: PipelineDefinition, register: PersonRegister, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline
        self.register = register
        self.ledger = ledger
        self.context = context
    }

    /// Where printed statements are written: `<output>/statements`.
    public var statementsFolder: String { pipeline.output + "/statements" }

    /// The verifier of this pipeline's register and rules.
    public var verifier: StatementVerifier { StatementVerifier(register: register, policy: pipeline.dualControl) }

    /// Makes the statement for `request` and writes it to a new file for people to sign, after checking that the
    /// people it names are registered, fit their duties and are different people.
    /// - Returns: the statement, its file and the people on duty.
    /// - Throws: `StatementRefusal.peopleNamed` for people who could not sign it; `StatementError` for a value that cannot be
    ///   written (an empty reason); I/O errors.
    public func prepare(
        _ request: StatementRequest, using generator: inout some RandomNumberGenerator
    ) throws -> PreparedStatement {
        let nonce = Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let statement = try request.statement(at: context.now(), nonce: nonce)
        let assignments: [DutyAssignment]
        do {
            assignments = try pipeline.dualControl.rule(for: request).namedPeople(in: statement, register: register)
        } catch {
            throw StatementRefusal.peopleNamed(error, register: pipeline.peopleFolder)
        }
        try FileManager.default.createDirectory(atPath: statementsFolder, withIntermediateDirectories: true)
        let subject = request.subject.split(separator: " ").last.map { String($0.prefix(24)) } ?? "statement"
        let name =
            "\(request.action.rawValue)-\(FileName.safe(subject))-\(Timestamp.compact(statement.requestedAt))-\(nonce.prefix(8)).txt"
        let file = statementsFolder + "/" + name
        try AtomicFileWriter.write(Array(statement.text.utf8), to: file, mode: 0o640, overwrite: false)
        return PreparedStatement(statement: statement, file: file, assignments: assignments, policy: pipeline.dualControl)
    }

    /// Reads the statement and signature files given on the command line and verifies them for `request`.
    /// - Returns: the verified statement, not used for any action before.
    /// - Throws: `StatementRefusal` when anything is missing or does not verify.
    public func verify(_ request: StatementRequest, statementFile: String, signatureFiles: [String]) throws(StatementRefusal)
        -> VerifiedStatement
    {
        let text = try Self.read(statementFile)
        let signatures = try signatureFiles.map { (path) throws(StatementRefusal) in
            StatementVerifier.SignatureText(path: path, text: try Self.read(path))
        }
        let verified = try verifier.verify(text, path: statementFile, signatures: signatures, for: request, at: context.now())
        let used: SignedStatementRecord?
        do { used = try ledger.signedStatement(digest: verified.digest) } catch {
            throw .unreadable(path: ledger.path, reason: "\(error)")
        }
        if let used { throw .alreadyUsed(digest: used.digest, action: used.action, at: used.acceptedAt) }
        return verified
    }

    private static func read(_ path: String) throws(StatementRefusal) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not UTF-8 text") }
        return text
    }
}

extension VerifiedStatement {
    /// The ledger's record of the statement, used at `time`.
    public func record(at time: Date) -> SignedStatementRecord {
        SignedStatementRecord(
            digest: digest, action: statement.action, subject: statement.subject, nonce: statement.nonce,
            requestedAt: statement.requestedAt, acceptedAt: time, signers: duties, keys: keys, text: text,
            signatures: signers.map(\.signature).joined())
    }

    /// The facts the audit event of a signed action carries, besides its own.
    public var auditDetails: [String: String] {
        var details = ["statement": digest, "reason": statement.reason, "signers": keys]
        for signer in signers { details[signer.duty] = signer.person.id }
        return details
    }
}

/// Names made safe for file names: letters, digits, `.`, `_` and `-`.
enum FileName {
    static func safe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }
}
