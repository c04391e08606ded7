import CardPrepCore
import CardPrepCrypto
import CardPrepIO

/// Checks a drop's manifest signature against the customer's profile.
struct DropSignatureCheck {
    let customersFolder: String

    /// Verifies `MANIFEST.sha256.sig` when the customer's profile names signers.
    /// - Returns: the signer's key fingerprint, or `unsigned` when the profile names no signer.
    /// - Throws: `DropRejection` for an unknown customer, a missing or invalid signature.
    func verify(_ drop: InboxDrop, manifestText: [UInt8]) throws -> String {
        let profile: CustomerProfile?
        do {
            profile = try CustomerProfile.find(customer: drop.customer, in: customersFolder)
        } catch {
            throw DropRejection(.unknownCustomer, "the customer's profile is not usable: \(error)")
        }
        guard let profile else {
            throw DropRejection(.unknownCustomer, "no profile \(drop.customer).yml in \(customersFolder)")
        }
        guard !profile.signers.isEmpty else { return "unsigned" }
        let signaturePath = drop.path + "/" + DropManifest.signatureFileName
        guard let signature = try? FileByteSource(path: signaturePath).readAll() else {
            throw DropRejection(.signatureMissing, "\(DropManifest.signatureFileName) is required by the customer's profile")
        }
        do {
            var message = MemoryByteSource(manifestText)
            let key = try SSHSignature.verify(
                String(decoding: signature, as: UTF8.self), message: &message,
                namespace: CustomerProfile.manifestNamespace, trustedKeys: profile.signers)
            return key.fingerprint
        } catch {
            throw DropRejection(.signatureInvalid, "\(DropManifest.signatureFileName): \(error)")
        }
    }
}
