import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import CardPrepXML
import Foundation

/// An archived drop's card data as a remake needs it, taken from the drop's vault bundle: the bundle is decrypted with
/// the vault key (its identity file, or custodians' shares recombined), its signed MANIFEST checked, and the entries read
/// are the order, the validation outcome and the job manifest (into memory) and the customer's card data as received,
/// still encrypted to the bureau's intake key. That file is decrypted with the intake key and at once encrypted to a
/// fresh data key made for this remake only (as ingest makes a working copy): the plaintext is only ever in memory.
/// Everything lives in a private folder (0700) that is removed when the remake is done, whatever happened.
struct ArchivedRemakeData {
    let pipeline: PipelineDefinition
    let vault: Vault
    let bundle: VaultBundleRecord

    /// Runs `body` over the bundle's card data, then removes the private folder and forgets the data key.
    /// - Throws: `VaultError` for a missing or wrong vault key, a bundle that does not verify or lacks an entry;
    ///   `IngestError.bureauIdentity` for a missing intake key; `DropRejection` when the intake key does not open the
    ///   card data; the errors of `body`.
    func withCardData<T>(of drop: DropRecord, _ body: (RemakeCardSource, ValidationSummary) throws -> T) throws -> T {
        let folder = try Self.privateFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = vault.path(of: bundle)
        let reader = try vault.entryReader()
        let head = try reader.manifest(path: path)
        let outcomeName = "validation/outcome.json", jobsName = "jobs/jobs.json"
        guard let orderName = head.entries.map(\.name).filter({ $0.hasPrefix("orders/") && $0.hasSuffix(".xml") }).sorted().first else {
            throw VaultError.notFound("the order (orders/*.xml) in bundle \(bundle.id)")
        }
        let (manifest, small) = try reader.read(path: path, entries: [outcomeName, jobsName, orderName])
        let summary: ValidationSummary, jobs: JobManifest
        do {
            summary = try JSONDecoder().decode(ValidationSummary.self, from: Data(small[outcomeName]!))
            jobs = try JSONDecoder().decode(JobManifest.self, from: Data(small[jobsName]!))
        } catch {
            throw VaultError.refused(path: path, reason: "its validation outcome or job manifest cannot be read: \(error)")
        }
        guard let cardFile = summary.cardFile,
              let received = manifest.entries.first(where: { entry in
                  entry.name.hasPrefix("received/")
                      && CardDataReencryption.workingCopyName(of: URL(fileURLWithPath: entry.name).lastPathComponent) == cardFile
              })
        else { throw VaultError.notFound("the customer's card data (received/…) in bundle \(bundle.id)") }
        let orderFile = folder + "/order.xml"
        try AtomicFileWriter.write(small[orderName]!, to: orderFile, mode: 0o600)
        let order = try OrderParser.parse(fileAt: orderFile, schema: try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile))

        // The card data as received: ciphertext to the intake key, streamed out of the bundle and checked.
        let receivedFile = folder + "/received-" + URL(fileURLWithPath: received.name).lastPathComponent
        var sink = try FileByteSink(creating: receivedFile)
        _ = try reader.read(path: path, entry: received.name, into: &sink)
        try sink.finish()
        let dataKey = AgeX25519Identity.generate()
        let intake = IngestStage(pipeline: pipeline, ledger: vault.ledger, context: vault.context)
        let reencryption = CardDataReencryption(
            bureauIdentities: try intake.loadBureauIdentities(), openPGPKey: try intake.loadBureauOpenPGPKey(),
            dataKeyRecipient: dataKey.recipient)
        let workingCopy = folder + "/working-" + cardFile
        _ = try reencryption.reencrypt(
            source: receivedFile, expectedSHA256: received.sha256, destination: workingCopy, originalCopy: folder + "/received.copy")
        try? FileManager.default.removeItem(atPath: receivedFile)
        try? FileManager.default.removeItem(atPath: folder + "/received.copy")
        let source = RemakeCardSource(
            cardFile: workingCopy, order: order, dataKey: (recipients: [dataKey.recipient], identities: [dataKey]), spoolFolder: folder,
            manifest: jobs)
        return try body(source, summary)
    }

    /// A new folder only its owner can enter, under the temporary folder.
    static func privateFolder() throws -> String {
        var template = Array((NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/")
            .utf8CString.dropLast()) + Array("cardprep-remake-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ByteStreamError.open(path: NSTemporaryDirectory(), errno: errno) }
        return String(cString: made)
    }
}
