import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepPostgres
import CardPrepStages
import Foundation

/// The one way commands report a failure: the exit code from the shared table (`ExitCodeFunnel`), and a line on
/// standard error saying what and where, or, under `--json`, one JSON object on standard output.
enum CommandFailure {
    /// Set by commands given `--json`: failures are then reported as JSON on standard output.
    nonisolated(unsafe) static var json = false

    /// Reports `message` and returns the exit code to throw.
    /// - Parameter fix: what to do about it, for `--json` (the code's own advice otherwise; the text says it already).
    static func report(_ message: String, code: CardPrepExitCode, fix: String? = nil) -> ExitCode {
        let fix = fix ?? ExitCodeFunnel.fix(for: code)
        if json {
            let object = ErrorJSON(error: .init(code: "\(code)", exitCode: code.rawValue, message: message, fix: fix))
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

    /// `{"format":"cardprep-error/1","error":{"code":"refused","exitCode":6,"kind":"refused","message":"…","fix":"…"}}`
    struct ErrorJSON: Encodable {
        struct Body: Encodable {
            /// The exit code's name (`refused`, `usage`, …).
            var code: String
            var exitCode: Int32
            var message: String
            var fix: String?
            /// The same as `code`, as earlier releases named it.
            var kind: String

            init(code: String, exitCode: Int32, message: String, fix: String?) {
                self.code = code
                self.exitCode = exitCode
                self.message = message
                self.fix = fix
                self.kind = code
            }
        }

        var format = JSONFormat.error.identifier
        var error: Body
    }
}

/// The one place an error becomes an exit code.
enum ExitCodeFunnel {
    /// The advice that goes with every failure of `code`, where there is one.
    static func fix(for code: CardPrepExitCode) -> String? {
        switch code {
        case .locked: "run the command again when the other run has ended, or with --wait where the command has it"
        default: nil
        }
    }


    static func code(for error: any Error) -> CardPrepExitCode {
        switch error {
        case let error as PipelineLockError: error.isHeld ? .locked : .failure
        case let error as LedgerError: if case .refused = error { .refused } else { .failure }
        case let error as PostgresLedgerError: error.exitCode
        case let ReconcileError.ledger(error): code(for: error)
        case let error as StockRegisterError: error.isUsage ? .usage : .failure
        case is DropTransitionRefusal: .refused
        case let refusal as StatementRefusal: refusal.exitCode
        case is DualControlRefusal, is RegisterNotApproved: .verificationFailed
        case is StatementError: .usage
        case is DropLookupError, is ConfigurationError: .usage
        case let error as ComplaintError: error.exitCode
        case let error as LedgerMigrationError: error.exitCode
        case let error as ShortClosingError:
            switch error {
            case .notInState: .refused
            case .nothingShort: .usage
            case .statementForAnotherDrop: .verificationFailed
            }
        case let error as CardRemakeError:
            switch error {
            case .archived, .notInState, .noWorkingCopy, .noBundle: .refused
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

/// Prints `value` as one compact JSON object of the registered `format` on standard output (see `jsonText`).
func printJSON(_ value: some Encodable, format: JSONFormat, listKey: String = "items") throws {
    print(try jsonText(value, format: format, listKey: listKey))
}

/// `value` as one compact JSON object of the registered `format`: keys sorted, dates in ISO 8601 without fractions,
/// the `format` key set to the format's name and version, a list under `listKey`.
func jsonText(_ value: some Encodable, format: JSONFormat, listKey: String = "items") throws -> String {
    let data = try JSONEncoder.compact.encode(value)
    let decoded = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    var object: [String: Any]
    if let dictionary = decoded as? [String: Any] { object = dictionary } else { object = [listKey: decoded] }
    object = wholeSeconds(object) as! [String: Any]
    object["format"] = format.identifier
    let wrapped = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return String(decoding: wrapped, as: UTF8.self)
}

/// `value` with every ISO 8601 time in it to the whole second (`2026-11-01T09:00:00.123Z` → `2026-11-01T09:00:00Z`),
/// as every JSON output gives times.
private func wholeSeconds(_ value: Any) -> Any {
    switch value {
    case let text as String:
        guard text.count > 20, text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:?\d\d)$"#, options: .regularExpression) != nil,
              let dot = text.firstIndex(of: ".") else { return text }
        let zone = text[dot...].drop { $0 == "." || $0.isNumber }
        return String(text[..<dot]) + zone
    case let array as [Any]: return array.map(wholeSeconds)
    case let object as [String: Any]: return object.mapValues(wholeSeconds)
    default: return value
    }
}
