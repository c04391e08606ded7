import Crypto
import Foundation

@testable import CardPrepCrypto

/// Makes `sk-ssh-ed25519@openssh.com` signatures without a FIDO token, by following OpenSSH's PROTOCOL.u2f with an
/// ordinary Ed25519 key: the authenticator's message `SHA256(application) ‖ flags ‖ counter ‖ SHA256(data)` is
/// built by hand here, signed, and framed as an SSHSIG signature, so that `ssh-keygen -Y verify` can judge it.
struct SecurityKeyTestSigner {
    let key: SSHEd25519SigningKey
    var application = "ssh:"

    /// The security-key public key an authenticator holding `key` would report.
    var publicKey: SSHSecurityKeyEd25519PublicKey {
        // swiftlint:disable:next force_try
        try! SSHSecurityKeyEd25519PublicKey(rawRepresentation: key.publicKey.rawRepresentation, application: application)
    }

    /// The `authorized_keys` line of the security-key public key.
    func authorizedKeyLine(comment: String) -> String {
        SSHPublicKey.securityKeyEd25519(publicKey).authorizedKeyLine(comment: comment)
    }

    /// An armored SSHSIG signature of `message`, as `ssh-keygen -Y sign` with a token would write it (SHA-512).
    func sign(_ message: [UInt8], namespace: String, flags: UInt8 = 0x01, counter: UInt32 = 42) throws -> String {
        var signed = SSHWireWriter()
        signed.writeBytes(Array("SSHSIG".utf8))
        signed.writeText(namespace)
        signed.writeString([])
        signed.writeText("sha512")
        signed.writeString(Array(SHA512.hash(data: message)))

        var authenticator = Array(SHA256.hash(data: Array(application.utf8)))
        authenticator.append(flags)
        authenticator += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: counter >> $0) }
        authenticator += Array(SHA256.hash(data: signed.bytes))
        let ed25519 = try key.signature(for: authenticator)

        var signature = SSHWireWriter()
        signature.writeText(SSHSecurityKeyEd25519PublicKey.keyType)
        signature.writeString(ed25519)
        signature.writeBytes([flags])
        signature.writeUInt32(counter)

        var blob = SSHWireWriter()
        blob.writeBytes(Array("SSHSIG".utf8))
        blob.writeUInt32(1)
        blob.writeString(SSHPublicKey.securityKeyEd25519(publicKey).wireBlob)
        blob.writeText(namespace)
        blob.writeString([])
        blob.writeText("sha512")
        blob.writeString(signature.bytes)
        return SSHSignatureBlob.armor.armor(blob.bytes)
    }
}
