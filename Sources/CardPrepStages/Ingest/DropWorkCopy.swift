import CardPrepCore
import CardPrepIO
import CardPrepCrypto
import Foundation

/// The copies ingest makes of a checked drop, in one read of each inbox file:
///
/// ```
/// <work>/cards/<name>.age      card data re-encrypted under the drop's data key (`x.csv.gpg` becomes `x.csv.age`)
/// <work>/orders/<name>.xml     the orders, as signed
/// <work>/MANIFEST.sha256       the manifest bytes the signature was verified over
/// <work>/received/             every file as received (manifest, signature, orders, card data as sent),
///                              moved to `received/<customer>/<drop>@<id>/` once the drop is registered
/// ```
///
/// Every byte comes either from a copy hashed against the signed manifest while it was made, or from the manifest
/// and signature bytes already checked in memory; the inbox files are never used themselves.
struct DropWorkCopy {
    let drop: InboxDrop
    let manifest: DropManifest
    /// The exact manifest bytes: the drop's identity is their SHA-256 and the signature was verified over them.
    let manifestText: [UInt8]
    let signature: DropSignature

    /// What the copy holds, for the ledger and reports.
    struct Totals: Equatable {
        var cardFiles = 0
        /// The card data's size as received (ciphertext).
        var cardBytes: Int64 = 0
        /// The bureau keys that opened the card data files (age files), as the audit names them.
        var openedWith: Set<String> = []
    }

    /// Fills the work folder `folder` (which exists and is empty).
    /// - Returns: the card data totals.
    /// - Throws: `DropRejection` when a file's bytes are not the ones the manifest lists, for a wrong recipient or
    ///   corrupt ciphertext; `ByteStreamError` and file system errors for I/O failures.
    func make(in folder: String, reencryption: CardDataReencryption) throws -> Totals {
        let fm = FileManager.default
        let received = folder + "/" + DropOriginals.stagingName
        for sub in ["cards", "orders", DropOriginals.stagingName] {
            try fm.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        var totals = Totals()
        for entry in manifest.entries {
            let source = drop.path + "/" + entry.name
            switch DropFileKind(fileName: entry.name) {
            case .encryptedCardData, .openPGPCardData:
                let result = try reencryption.reencrypt(
                    source: source, expectedSHA256: entry.sha256,
                    destination: folder + "/cards/" + CardDataReencryption.workingCopyName(of: entry.name),
                    originalCopy: received + "/" + entry.name)
                totals.cardFiles += 1
                totals.cardBytes += result.receivedBytes
                if !result.openedWith.isEmpty { totals.openedWith.insert(result.openedWith) }
            case .order:
                try VerifiedCopy.copy(
                    source, expectedSHA256: entry.sha256, to: [folder + "/orders/" + entry.name, received + "/" + entry.name])
            case .unknown:
                try VerifiedCopy.copy(source, expectedSHA256: entry.sha256, to: [received + "/" + entry.name])
            }
        }
        try VerifiedCopy.write(manifestText, to: folder + "/" + DropManifest.fileName)
        try writeManifestAndSignature(into: received)
        for sub in ["cards", "orders", DropOriginals.stagingName] { try FileSystemSync.syncDirectory(folder + "/" + sub) }
        return totals
    }

    /// Stages only the originals, in `folder` (which must not exist), for a drop that is registered already but whose
    /// originals were never kept (left so by an earlier version of ingest that moved the inbox folder itself).
    /// - Throws: `DropRejection` when a file's bytes are not the ones the manifest lists; I/O errors.
    func stageOriginals(in folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for entry in manifest.entries {
            try VerifiedCopy.copy(drop.path + "/" + entry.name, expectedSHA256: entry.sha256, to: [folder + "/" + entry.name])
        }
        try writeManifestAndSignature(into: folder)
        try FileSystemSync.syncDirectory(folder)
    }

    private func writeManifestAndSignature(into folder: String) throws {
        try VerifiedCopy.write(manifestText, to: folder + "/" + DropManifest.fileName)
        if let bytes = signature.bytes { try VerifiedCopy.write(bytes, to: folder + "/" + DropManifest.signatureFileName) }
    }
}
