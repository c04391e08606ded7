import CardPrepCore
import CardPrepCrypto
import CardPrepIO

/// A drop's manifest signature as checked: who signed, and the exact bytes that were verified (kept with the
/// originals, so what is kept is what was checked, whatever the inbox holds by then).
struct DropSignature: Equatable {
    /// The signer's key fingerprint, or `unsigned` when the customer's profile names no signer.
    var signer: String
    /// The bytes of `MANIFEST.sha256.sig` as read for the check; nil when the drop has none.
    var bytes: [UInt8]?
}

/// Checks a drop's manifest signature against the customer's profile.
struct DropSignatureCheck {
    let customersFolder: String

    /// Reads `MANIFEST.sha256.sig` once and verifies it over `manifestText` when the customer's profile names signers.
    /// - Returns: the signer and the signature bytes read.
    /// - Throws: `DropRejection` for an unknown customer, a missing or invalid signature.
    func verify(_ drop: InboxDrop, manifestText: [UInt8]) throws -> DropSignature {
        let profile: CustomerProfile?
        do {
            profile = try CustomerProfile.find(customer: drop.customer, in: customersFolder)
        } catch {
            throw DropRejection(.unknownCustomer, "the customer's profile is not usable: \(error)")
        }
        guard let profile else {
            throw DropRejection(.unknownCustomer, "no profile \(drop.customer).yml in \(customersFolder)")
        }
        let signature = try? FileByteSource(path: drop.path + "/" + DropManifest.signatureFileName).readAll()
        guard !profile.signers.isEmpty else { return DropSignature(signer: "unsigned", bytes: signature) }
        guard let signature else {
            throw DropRejection(.signatureMissing, "\(DropManifest.signatureFileName) is required by the customer's profile")
        }
        do {
            var message = MemoryByteSource(manifestText)
            let key = try SSHSignature.verify(
                String(decoding: signature, as: UTF8.self), message: &message,
                namespace: CustomerProfile.manifestNamespace, trustedKeys: profile.signers)
            return DropSignature(signer: key.fingerprint, bytes: signature)
        } catch {
            throw DropRejection(.signatureInvalid, "\(DropManifest.signatureFileName): \(error)")
        }
    }
}
