import Crypto
import Foundation

/// An Ed25519 private key that signs in OpenSSH's formats and reads and writes OpenSSH private key files.
///
/// The key is kept in memory only; write it with `openSSHPrivateKey(comment:)` through `PrivateKeyFile`,
/// which creates owner-only files.
public struct SSHEd25519SigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// The matching public key.
    public let publicKey: SSHEd25519PublicKey

    /// Creates a key from its 32-byte secret seed (what OpenSSH stores as the first half of its 64-byte key).
    /// - Throws: `SSHKeyError.malformedPrivateKey` when `seed` is not 32 bytes long.
    public init(seed: [UInt8]) throws(SSHKeyError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformedPrivateKey(reason: "an Ed25519 seed has 32 bytes, not \(seed.count)")
        }
        self.init(key: key)
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
        self.publicKey = SSHEd25519PublicKey(checkedRaw: Array(key.publicKey.rawRepresentation))
    }

    /// Generates a new key from the system's secure random source.
    public static func generate() -> Self { Self(key: Curve25519.Signing.PrivateKey()) }

    /// Generates a key from `generator`; pass a seeded generator only for demo fixtures, never for real keys.
    public static func generate(using generator: inout some RandomNumberGenerator) -> Self {
        let seed = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            preconditionFailure("any 32 bytes form an Ed25519 seed")
        }
        return Self(key: key)
    }

    /// The 32-byte secret seed.
    var seed: [UInt8] { Array(key.rawRepresentation) }

    /// Signs `data` with Ed25519 (RFC 8032, deterministic).
    /// - Throws: the underlying library's error if signing fails.
    func signature(for data: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: data))
    }
}
