import CardPrepPKCS11
import Foundation
import Glibc
import Synchronization

/// How CardPrep reaches the token: the PKCS#11 module and where the user PIN comes from (the pipeline's
/// `pkcs11` block).
///
/// The PIN is read from a file readable by its owner only (mode 0600 or 0400), or from a file descriptor the
/// caller opened (`pin_fd: 3` with `3< /run/cardprep/token.pin` or a pipe); never from the command line or the
/// environment, where other users and crash reports can see it. One trailing newline is ignored.
public struct TokenSettings: Hashable, Sendable {
    /// Where the user PIN is read from.
    public enum PINSource: Hashable, Sendable {
        /// A file readable by its owner only.
        case file(String)
        /// A file descriptor open for reading, read to its end once per process.
        case descriptor(Int32)
    }

    /// The PKCS#11 module's path, such as `/usr/lib/softhsm/libsofthsm2.so`.
    public var module: String
    /// Where the user PIN comes from.
    public var pin: PINSource

    /// Creates settings.
    public init(module: String, pin: PINSource) {
        self.module = module; self.pin = pin
    }

    /// The token `uri` names, loaded, opened and logged in once per process.
    /// - Throws: `TokenKeyError` when the module, token or PIN cannot be used.
    public func token(for uri: PKCS11URI) throws(TokenKeyError) -> PKCS11Token {
        do {
            let module = try PKCS11Module.load(path: module)
            return try PKCS11Token.open(module: module, uri: uri) { () throws(PKCS11Error) in try readPIN() }
        } catch {
            throw .token(error)
        }
    }

    private static let descriptorPINs = Mutex<[Int32: [UInt8]]>([:])

    /// The PIN's bytes, without one trailing newline.
    private func readPIN() throws(PKCS11Error) -> [UInt8] {
        var pin: [UInt8]
        switch self.pin {
        case let .file(path):
            do { pin = Array(try PrivateKeyFile.read(path).utf8) } catch { throw .pin(reason: error.description) }
        case let .descriptor(fd):
            pin = try Self.descriptorPINs.withLock { pins throws(PKCS11Error) in
                if let known = pins[fd] { return known }
                let read = try Self.readToEnd(fd)
                pins[fd] = read
                return read
            }
        }
        if pin.last == UInt8(ascii: "\n") { pin.removeLast() }
        if pin.last == UInt8(ascii: "\r") { pin.removeLast() }
        guard !pin.isEmpty else { throw .pin(reason: "the PIN is empty") }
        return pin
    }

    private static func readToEnd(_ fd: Int32) throws(PKCS11Error) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .pin(reason: "cannot read file descriptor \(fd): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += buffer.prefix(count)
            guard bytes.count <= 4096 else {
                throw .pin(reason: "file descriptor \(fd) gives more than 4096 bytes; a PIN is short")
            }
        }
        close(fd)
        return bytes
    }
}

/// Why a key in a token could not be used.
public enum TokenKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key is named by a `pkcs11:` URI but the pipeline has no `pkcs11` block.
    case notConfigured(uri: String)
    /// The module, token, PIN or key failed.
    case token(PKCS11Error)
    /// The token's key does not make a public key CardPrep can use.
    case publicKey(uri: String, reason: String)

    public var description: String {
        switch self {
        case let .notConfigured(uri):
            "\(uri) names a key in a token, but the pipeline has no pkcs11 block (module and pin_file or pin_fd)"
        case let .token(error): error.description
        case let .publicKey(uri, reason): "\(uri): \(reason)"
        }
    }
}
