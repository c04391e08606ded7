import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepStages
import Foundation

/// The one way commands report a failure: the exit code from the shared table (`ExitCodeFunnel`), and a line on
/// standard error saying what and where, or, under `--json`, one JSON object on standard output.
enum CommandFailure {
    /// Set by commands given `--json`: failures are then reported as JSON on standard output.
    nonisolated(unsafe) static var json = false

    /// Reports `message` and returns the exit code to throw.
    static func report(_ message: String, code: CardPrepExitCode) -> ExitCode {
        if json {
            let object = ErrorJSON(error: .init(exitCode: code.rawValue, kind: "\(code)", message: message))
            if let data = try? JSONEncoder.compact.encode(object) { print(String(decoding: data, as: UTF8.self)) }
        } else {
            FileHandle.standardError.write(Data("cardprep: error: \(message)\n".utf8))
        }
        return ExitCode(code.rawValue)
    }

    /// Reports `error` with the code the funnel gives it.
    static func report(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        return report("\(error)", code: ExitCodeFunnel.code(for: error))
    }

    /// `{"format":"cardprep-error/1","error":{"exitCode":6,"kind":"refused","message":"…"}}`
    struct ErrorJSON: Encodable {
        struct Body: Encodable {
            var exitCode: Int32
            var kind: String
            var message: String
        }

        var format = "cardprep-error/1"
        var error: Body
    }
}

/// The one place an error becomes an exit code.
enum ExitCodeFunnel {
    static func code(for error: any Error) -> CardPrepExitCode {
        switch error {
        case let error as PipelineLockError: error.isHeld ? .locked : .failure
        case let error as LedgerError: if case .refused = error { .refused } else { .failure }
        case let ReconcileError.ledger(error): code(for: error)
        case let error as StockRegisterError: error.isUsage ? .usage : .failure
        case is DropTransitionRefusal: .refused
        case let refusal as StatementRefusal: refusal.exitCode
        case is DualControlRefusal, is RegisterNotApproved: .verificationFailed
        case is StatementError: .usage
        case is DropLookupError, is ConfigurationError: .usage
        case let error as ComplaintError: error.exitCode
        case let error as ShortClosingError:
            switch error {
            case .notInState: .refused
            case .nothingShort: .usage
            case .statementForAnotherDrop: .verificationFailed
            }
        case let error as CardRemakeError:
            switch error {
            case .archived, .notInState, .noWorkingCopy: .refused
            case .unknownSerial, .notSpoiled, .alreadyRemade, .madeGood: .usage
            case .statementForAnotherDrop: .verificationFailed
            }
        case let error as VaultKeyShareError: error.isUsage ? .usage : .verificationFailed
        case let error as SecretShareError: error.isUsage ? .usage : .verificationFailed
        case let error as LotDisposalError:
            switch error {
            case .unknownLot, .customerReferenceNeeded: .usage
            case .notDecided, .accepted, .disposedAlready: .refused
            case .statementForAnotherLot: .verificationFailed
            }
        case let error as DropDecisionError:
            if case .statementForAnotherDrop = error { .verificationFailed } else { .failure }
        default: .failure
        }
    }
}

extension PipelineLockError {
    var isHeld: Bool { if case .held = self { true } else { false } }
}

extension JSONEncoder {
    /// Compact JSON with sorted keys and ISO 8601 dates.
    static var compact: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// Prints `value` as JSON with sorted keys on standard output.
func printJSON(_ value: some Encodable, format: String? = nil, listKey: String = "items") throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    var data = try encoder.encode(value)
    if let format {
        // One object with its format name: a list goes under `listKey`, an object keeps its own format if it has one.
        let decoded = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        var object: [String: Any]
        if let dictionary = decoded as? [String: Any] { object = dictionary } else { object = [listKey: decoded] }
        if object["format"] == nil { object["format"] = format }
        data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
    print(String(decoding: data, as: UTF8.self))
}
