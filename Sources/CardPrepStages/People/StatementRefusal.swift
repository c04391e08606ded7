import CardPrepCore
import CardPrepCrypto
import Foundation

/// Why a signed action was not done: signatures missing, or a statement or signature that does not verify.
///
/// Missing signatures are a usage matter (exit 64: the command prints what to sign); anything given that does not
/// verify is a verification failure (exit 5). Nothing is changed in either case.
public enum StatementRefusal: Error, CustomStringConvertible {
    /// Fewer signatures than the rule has duties.
    case tooFewSignatures(action: String, given: Int, needed: Int)
    /// More signatures than the rule has duties.
    case tooManySignatures(action: String, given: Int, needed: Int)
    /// A signature was given without the statement it signs.
    case statementMissing
    /// The statement or a signature file could not be read.
    case unreadable(path: String, reason: String)
    /// The statement file is not a statement as CardPrep writes it.
    case malformedStatement(path: String, StatementError)
    /// The statement was made for another request: another action, subject, person or reason.
    case otherRequest(field: String, asked: String, found: String)
    /// The statement is older than the pipeline allows.
    case stale(requestedAt: Date, age: Duration, maxAge: Duration)
    /// The statement's time is ahead of this machine's clock.
    case fromTheFuture(requestedAt: Date)
    /// The statement was used for an action already.
    case alreadyUsed(digest: String, action: String, at: Date)
    /// A signature is by a key that is not in the register of people.
    case unregisteredKey(path: String, fingerprint: String, keyType: String)
    /// A signature is not a valid signature of the statement (another statement, altered, wrong namespace, …).
    case badSignature(path: String, signer: String?, SSHSignatureError)
    /// The people named or the people who signed do not satisfy the action's rule.
    case rule(DualControlRefusal)
    /// The command names people who could not sign the statement (found before it is printed), in the register
    /// read from `register`.
    case peopleNamed(DualControlRefusal, register: String)

    /// The exit code from the shared table: 64 when signatures are missing, 5 when what was given does not verify.
    public var exitCode: CardPrepExitCode {
        switch self {
        case .tooFewSignatures, .tooManySignatures, .statementMissing, .unreadable, .peopleNamed: .usage
        default: .verificationFailed
        }
    }

    public var description: String {
        switch self {
        case let .tooFewSignatures(action, given, needed):
            "\(action) needs \(Self.signatures(needed)) of the statement, \(given) given; run the command without "
                + "--statement and --signature to print the statement and how to sign it"
        case let .tooManySignatures(action, given, needed): "\(action) takes \(Self.signatures(needed)), \(given) given"
        case .statementMissing: "--signature needs --statement: the statement file the signatures are of"
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .malformedStatement(path, error): "\(path): \(error)"
        case let .otherRequest(field, asked, found):
            "the statement was made for another request: its \(field) is '\(found)', this command asks for '\(asked)'; "
                + "sign the statement printed for this command"
        case let .stale(requestedAt, age, maxAge):
            "the statement was printed at \(StatementTime.text(requestedAt)), \(Self.minutes(age)) ago; statements may be "
                + "used for \(Self.minutes(maxAge)) (dual_control.statement_max_age): print and sign a new one"
        case let .fromTheFuture(requestedAt):
            "the statement's time \(StatementTime.text(requestedAt)) is ahead of this machine's clock; check the clocks"
        case let .alreadyUsed(digest, action, at):
            "the statement (SHA-256 \(digest.prefix(16))…) was used for \(action) at \(StatementTime.text(at)); "
                + "a statement is good for one action: print and sign a new one"
        case let .unregisteredKey(path, fingerprint, keyType):
            "\(path): signed with \(keyType) key \(fingerprint), which is not in the register of people"
        case let .badSignature(path, signer?, error):
            "\(path): the signature by \(signer) does not verify: \(Self.explain(error))"
        case let .badSignature(path, nil, error): "\(path): \(Self.explain(error))"
        case let .rule(refusal): refusal.description
        case let .peopleNamed(refusal, register): "\(refusal) (register \(register)); no statement was printed"
        }
    }

    private static func explain(_ error: SSHSignatureError) -> String {
        if case .badSignature = error {
            return "it is not a signature of this statement (made over another statement, or altered)"
        }
        return error.description
    }

    private static func signatures(_ count: Int) -> String { count == 1 ? "1 signature" : "\(count) signatures" }

    private static func minutes(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }
}
