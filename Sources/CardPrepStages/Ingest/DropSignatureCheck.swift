import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepOpenPGP

/// A drop's manifest signature as checked: who signed, and the exact bytes that were verified (kept with the
/// originals, so what is kept is what was checked, whatever the inbox holds by then).
struct DropSignature: Equatable {
    /// The signer's key fingerprint (`SHA256:…` for SSH, `openpgp:<fingerprint>` for OpenPGP), or `unsigned` when the
    /// customer's profile names no signer.
    var signer: String
    /// The bytes of `MANIFEST.sha256.sig` as read for the check; nil when the drop has none.
    var bytes: [UInt8]?
}

/// Checks a drop against the customer's profile: the profile exists, the manifest signature verifies (SSHSIG or
/// OpenPGP, as the profile says), and the card data files are in the format the profile names.
struct DropSignatureCheck {
    let customersFolder: String

    /// The customer's profile.
    /// - Throws: `DropRejection` (`unknown-customer`) when there is none or it is not usable.
    func profile(of drop: InboxDrop) throws -> CustomerProfile {
        let profile: CustomerProfile?
        do {
            profile = try CustomerProfile.find(customer: drop.customer, in: customersFolder)
        } catch {
            throw DropRejection(.unknownCustomer, "the customer's profile is not usable: \(error)")
        }
        guard let profile else {
            throw DropRejection(.unknownCustomer, "no profile \(drop.customer).yml in \(customersFolder)")
        }
        return profile
    }

    /// Reads the customer's profile, checks the card data format, reads `MANIFEST.sha256.sig` once and verifies it
    /// over `manifestText`.
    /// - Returns: the signer and the signature bytes read.
    /// - Throws: `DropRejection` for an unknown customer, card data in another format than the profile's, a missing
    ///   or invalid signature, or one by a key the profile does not name.
    func verify(_ drop: InboxDrop, manifest: DropManifest, manifestText: [UInt8]) throws -> DropSignature {
        let profile = try profile(of: drop)
        try checkCardDataFormat(manifest, profile: profile)
        let signature = try? FileByteSource(path: drop.path + "/" + DropManifest.signatureFileName).readAll()
        switch profile.intake.manifestSignature {
        case .sshsig: return try verifySSH(signature, manifestText: manifestText, profile: profile)
        case .openpgp: return try verifyOpenPGP(signature, manifestText: manifestText, profile: profile)
        }
    }

    /// Refuses card data files whose format is not the one the customer's profile names.
    private func checkCardDataFormat(_ manifest: DropManifest, profile: CustomerProfile) throws {
        let expected = profile.intake.cardData
        for entry in manifest.entries where DropFileKind(fileName: entry.name).isCardData {
            guard DropFileKind(fileName: entry.name) == expected.fileKind else {
                let endings = expected == .age ? ".age" : DropFileKind.openPGPExtensions.joined(separator: ", ")
                throw DropRejection(
                    .cardDataFormat,
                    "\(entry.name): the customer's profile says card data is \(expected.rawValue) (card_data_encryption), "
                        + "in files ending \(endings)")
            }
        }
    }

    private func verifySSH(_ signature: [UInt8]?, manifestText: [UInt8], profile: CustomerProfile) throws -> DropSignature {
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

    private func verifyOpenPGP(_ signature: [UInt8]?, manifestText: [UInt8], profile: CustomerProfile) throws -> DropSignature {
        guard let signature else {
            throw DropRejection(
                .signatureMissing,
                "\(DropManifest.signatureFileName) (an OpenPGP detached signature) is required by the customer's profile")
        }
        let keys: OpenPGPSignerKeys
        do {
            keys = try OpenPGPSignerKeys(keyMaterial: profile.intake.openPGPSigners)
        } catch {
            throw DropRejection(.unknownCustomer, "the customer's profile is not usable: openpgp_signers: \(error)")
        }
        do {
            let fingerprint = try keys.verifyDetached(manifestText, signature: signature)
            return DropSignature(signer: "openpgp:" + fingerprint, bytes: signature)
        } catch {
            let name = DropManifest.signatureFileName
            switch error {
            case .signatureMissing: throw DropRejection(.signatureMissing, "\(name) holds \(error)")
            case .signatureUnknownKey: throw DropRejection(.signatureUnknownKey, "\(name) is \(error)")
            default: throw DropRejection(.signatureInvalid, "\(name): \(error)")
            }
        }
    }
}
