import CardPrepAgePlugin
import Crypto

/// A P-256 key in memory, standing in for the token's key in tests of the stanza and the state machines.
struct InMemoryP256Key: P256KeyAgreement {
    let privateKey = P256.KeyAgreement.PrivateKey()
    var publicKey: P256.KeyAgreement.PublicKey { privateKey.publicKey }

    func sharedSecret(with peer: P256.KeyAgreement.PublicKey) throws -> [UInt8] {
        try privateKey.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { [UInt8]($0) }
    }
}

/// An identity naming a key that does not exist anywhere: the state machine tests open it through their own closure.
func identity(for key: InMemoryP256Key, object: String = "intake") throws -> CardPrepIdentity {
    let location = try TokenKeyLocation(
        "pkcs11:token=test;object=\(object)?module-path=/nonexistent/module.so&pin-source=file:/nonexistent/pin")
    return CardPrepIdentity(publicKey: key.publicKey, location: location)
}
