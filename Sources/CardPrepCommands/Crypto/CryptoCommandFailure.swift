import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import Foundation

/// Failures of the crypto commands that are not failures of the age format itself.
enum CryptoCommandError: Error, CustomStringConvertible {
    /// A recipient given with -r is not an `age1…` recipient.
    case badRecipientArgument(String, AgeError)
    /// A key, recipients or passphrase file holds unusable text.
    case badKeyFile(path: String, AgeError)
    /// A public recipients file could not be read.
    case unreadableFile(path: String, reason: String)
    /// Binary ciphertext would go to a terminal.
    case binaryToTerminal

    var description: String {
        switch self {
        case let .badRecipientArgument(text, error): "recipient \(text.debugDescription): \(error)"
        case let .badKeyFile(path, error): "\(path): \(error)"
        case let .unreadableFile(path, reason): "cannot read \(path): \(reason)"
        case .binaryToTerminal: "refusing to write binary ciphertext to a terminal; use -a/--armor or -o FILE"
        }
    }
}

/// Turns any error of a crypto command into one line on standard error and the shared exit code.
enum CryptoCommandFailure {
    /// Runs `body`; on failure prints `cardprep: error: …` and throws the matching `ExitCode`.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("cardprep: error: \(error)\n".utf8))
            throw ExitCode(exitCode(for: error).rawValue)
        }
    }

    /// The shared exit code for `error`: wrong key or failed authentication → verification failed;
    /// bad command line or key text → usage; I/O and key-file permissions → failure.
    static func exitCode(for error: any Error) -> CardPrepExitCode {
        switch error {
        case let error as AgeError: error.kind == .usage ? .usage : .verificationFailed
        case let error as CryptoCommandError:
            switch error {
            case .badRecipientArgument, .badKeyFile, .binaryToTerminal: .usage
            case .unreadableFile: .failure
            }
        default: .failure
        }
    }
}
