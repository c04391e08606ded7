/// One party's OpenPGP public keys (a customer's), against which detached signatures are verified. The keyring
/// holds these keys alone: a signature by any other key, the bureau's included, is by an unknown key.
public final class OpenPGPSignerKeys {
    private let keyring: RNPKeyring
    /// The fingerprints of the primary keys held, upper-case hex.
    public let fingerprints: [String]

    /// Loads the public keys in each element of `keyMaterial` (binary or ASCII-armored, as `gpg --export` or
    /// `sqop extract-cert` writes them); secret material, if any, is left out.
    /// - Throws: `OpenPGPError.noKey` when no public key is there, `.library` when bytes are not OpenPGP keys.
    public init(keyMaterial: [[UInt8]]) throws(OpenPGPError) {
        keyring = try RNPKeyring()
        for bytes in keyMaterial { try keyring.importKeys(bytes, secret: false) }
        var primaries: [String] = []
        for key in try keyring.keys() where try key.isPrimary { primaries.append(try key.fingerprint) }
        guard !primaries.isEmpty else { throw .noKey(what: "public key") }
        fingerprints = primaries
    }

    /// Verifies the detached signature `signature` (binary or ASCII-armored) over `data`.
    /// - Returns: the primary fingerprint of the key that made a valid signature.
    /// - Throws: `OpenPGPError.signatureMissing` when `signature` holds no signature, `.signatureUnknownKey` when
    ///   every signature is by a key not held, `.signatureInvalid` when one by a held key does not verify.
    public func verifyDetached(_ data: [UInt8], signature: [UInt8]) throws(OpenPGPError) -> String {
        guard !signature.isEmpty else { throw .signatureMissing(reason: "the signature file is empty") }
        let operation = try RNPVerification(
            verifying: try RNPInput(copying: data), signature: try RNPInput(copying: signature), with: keyring)
        let (status, message) = operation.execute()
        let found = operation.signatures()
        guard !found.isEmpty else { throw .signatureMissing(reason: "\(status): \(message)") }
        if let valid = found.first(where: { $0.status == .success }), let signer = valid.signer { return signer }
        if found.allSatisfy({ $0.status == .keyNotFound }) { throw .signatureUnknownKey(keyIDs: found.map(\.keyID)) }
        let reasons = found.filter { $0.status != .keyNotFound }.map { "key id \($0.keyID): \($0.status)" }
        throw .signatureInvalid(reason: reasons.joined(separator: "; "))
    }
}
