import CardPrepCore
import CardPrepIO
import Foundation
import Glibc

/// Why a key file could not be used.
public enum KeyFileError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, errno: Int32)
    case tooOpen(path: String, mode: UInt32)
    case exists(path: String)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(path): "key file \(path) does not exist"
        case let .unreadable(path, code): "cannot read key file \(path): \(String(cString: strerror(code)))"
        case let .tooOpen(path, mode):
            "key file \(path) is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
        case let .exists(path): "key file \(path) exists already; CardPrep never overwrites a key"
        case let .malformed(path, reason): "key file \(path) is not usable: \(reason)"
        }
    }
}

/// Private key files: readable by their owner only, written once, never overwritten.
public enum PrivateKeyFile {
    /// Reads the text of a private key file after checking that no one but its owner can read it.
    /// - Throws: `KeyFileError.tooOpen` when group or others have any permission on the file.
    public static func read(_ path: String) throws(KeyFileError) -> String {
        guard let text = String(bytes: try bytes(path), encoding: .utf8) else { throw .unreadable(path: path, errno: EILSEQ) }
        return text
    }

    /// Reads the bytes of a private key file (a binary key, such as an OpenPGP secret key) after the same check.
    /// - Throws: `KeyFileError.tooOpen` when group or others have any permission on the file.
    public static func bytes(_ path: String) throws(KeyFileError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw errno == ENOENT ? .missing(path: path) : .unreadable(path: path, errno: errno)
        }
        let mode = UInt32(info.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, errno: EACCES) }
        return Array(data)
    }

    /// Writes a new private key file with mode 0600; refuses to replace an existing file.
    /// - Throws: `KeyFileError.exists` when a file is there already.
    public static func write(_ text: String, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw KeyFileError.exists(path: path) }
        try AtomicFileWriter.write(Array(text.utf8), to: path, mode: 0o600, overwrite: false)
    }
}
