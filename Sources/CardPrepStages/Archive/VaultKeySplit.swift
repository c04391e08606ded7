import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The vault's identity split between custodians (Shamir, M of N), each share encrypted with age to the custodian's
/// `ssh-ed25519` keys from the approved register of people; and the test that custodians' shares recombine to it.
public struct VaultKeySplit {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    let settings: ArchiveSettings

    /// Prepares the split of the vault key of `pipeline`, as `settings` name it.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext, settings: ArchiveSettings) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context; self.settings = settings
    }

    /// A custodian and the file their share went to.
    public struct Custodian: Sendable {
        /// The person's id.
        public var id: String
        /// The person's ssh-ed25519 keys the share is encrypted to; any of them decrypts it.
        public var keys: [SSHEd25519PublicKey]
        /// `<folder>/<id>.share.age`.
        public var file: String
    }

    /// What a split made.
    public struct Outcome: Sendable {
        public var set: String
        public var count: Int
        public var threshold: Int
        public var custodians: [Custodian]
        /// The `age1…` recipients of the identity that was split.
        public var recipients: [String]
    }

    /// The custodians named, in order, checked against the register: one per share, each a different registered
    /// person with at least one ssh-ed25519 key.
    /// - Throws: `VaultKeyShareError.custodian` saying who and why.
    public static func custodians(_ ids: [String], count: Int, register: PersonRegister, folder: String)
        throws(VaultKeyShareError) -> [Custodian]
    {
        guard ids.count == count else {
            throw .custodian(
                "\(ids.count) custodian\(ids.count == 1 ? "" : "s") named for \(count) shares; name one --custodian per share")
        }
        var custodians: [Custodian] = []
        for id in ids {
            guard !custodians.contains(where: { $0.id == id }) else {
                throw .custodian("custodian \(id) is named twice; each share goes to a different person")
            }
            guard let person = register.person(id: id) else {
                throw .custodian(
                    "custodian \(id) is not in the approved register of people (\(register.people.map(\.id).joined(separator: ", ")))"
                )
            }
            let keys = person.keys.filter { $0.type == SSHEd25519PublicKey.keyType }
                .compactMap { try? SSHEd25519PublicKey(authorizedKeyLine: $0.identity) }
            guard !keys.isEmpty else {
                let types = Set(person.keys.map(\.type)).sorted().joined(separator: ", ")
                throw .custodian(
                    "custodian \(id) has no ssh-ed25519 key in the register (only \(types)); a share is encrypted to one")
            }
            custodians.append(Custodian(id: id, keys: keys, file: folder + "/" + id + ".share.age"))
        }
        return custodians
    }

    /// Splits the identity file into shares, writes each custodian's share encrypted to their keys, and records a
    /// `vault-key.split` audit event (the set, N, M, the custodians and their key fingerprints; no share).
    /// - Throws: `VaultKeyShareError` for custodians or a share file that exists; `VaultError` for the identity file;
    ///   `SecretShareError` for N and M; I/O and ledger errors (share files written before a failure are removed).
    public func split(
        identityFile: String, custodians: [Custodian], count: Int, threshold: Int, folder: String
    ) throws -> Outcome {
        for custodian in custodians where FileManager.default.fileExists(atPath: custodian.file) {
            throw VaultKeyShareError.shareFileExists(path: custodian.file)
        }
        let extracted: (secret: [UInt8], recipients: [String])
        do { extracted = try VaultKeySecret.secret(ofIdentityFile: try PrivateKeyFile.read(identityFile)) } catch {
            throw VaultError.key(path: identityFile, reason: "\(error)")
        }
        let (secret, recipients) = extracted
        let shares = try SecretSharing.split(secret, count: count, threshold: threshold)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        do {
            for (custodian, share) in zip(custodians, shares) {
                var source = MemoryByteSource(Array((share.text + "\n").utf8))
                var sink = MemoryByteSink()
                try Age.encrypt(&source, to: &sink, recipients: try custodian.keys.map(AgeSSHEd25519Recipient.init))
                try AtomicFileWriter.write(sink.bytes, to: custodian.file, mode: 0o640, overwrite: false)
                written.append(custodian.file)
            }
            let set = shares[0].setName
            var details = [
                "set": set, "shares": String(count), "threshold": String(threshold), "identity": identityFile,
                "custodians": custodians.map(\.id).joined(separator: ","), "recipients": recipients.joined(separator: ","),
            ]
            for custodian in custodians {
                details["key-" + custodian.id] = custodian.keys.map(\.fingerprint).joined(separator: ",")
            }
            try ledger.appendAudit(
                AuditEvent(
                    event: "vault-key.split", actor: context.actor, host: context.host,
                    key: recipients.joined(separator: ","), details: details),
                at: context.now())
            return Outcome(set: set, count: count, threshold: threshold, custodians: custodians, recipients: recipients)
        } catch {
            for file in written { try? FileManager.default.removeItem(atPath: file) }
            throw error
        }
    }

    /// Recombines custodians' shares in memory, checks that they are the vault's key (its recipients file, and the
    /// identity file when it is still there), records a `vault-key.combine-tested` audit event, and, when asked,
    /// removes the identity file: from then on the key exists only as shares.
    /// - Parameter removeIdentity: remove the identity file once the shares are shown to recombine to it; refused
    ///   while the pipeline's archive stage needs the file.
    /// - Returns: the recombined key (print only its recipients) and the file removed, if any.
    /// - Throws: `VaultKeyShareError` naming the share at fault, or why the file stays; `VaultError`; ledger errors.
    public func testCombine(shareFiles: [String], removeIdentity: Bool) throws -> (key: RecombinedVaultKey, removed: String?) {
        let identityFile = settings.identityFile
        if removeIdentity { try checkRemovable(identityFile) }
        let key = try RecombinedVaultKey.combine(shareFiles: shareFiles)
        try key.check(against: settings)
        if let identityFile, FileManager.default.fileExists(atPath: identityFile) {
            let own: [String]
            do { own = try VaultKeySecret.secret(ofIdentityFile: try PrivateKeyFile.read(identityFile)).recipients } catch {
                throw VaultError.key(path: identityFile, reason: "\(error)")
            }
            guard Set(own) == Set(key.recipients) else {
                throw VaultKeyShareError.notTheVaultKey(recipients: key.recipients, expected: own, source: identityFile)
            }
        }
        let removed = removeIdentity && identityFile.map(FileManager.default.fileExists(atPath:)) == true ? identityFile : nil
        var details = [
            "set": key.set, "shares": key.indexes.map(String.init).joined(separator: ","), "threshold": String(key.threshold),
            "count": String(key.count), "recipients": key.recipients.joined(separator: ","),
        ]
        if let removed { details["removed"] = removed }
        // Recorded before the file goes: a removal is never without its event.
        try ledger.appendAudit(
            AuditEvent(
                event: "vault-key.combine-tested", actor: context.actor, host: context.host,
                key: key.recipients.joined(separator: ","), details: details),
            at: context.now())
        if let removed { try FileManager.default.removeItem(atPath: removed) }
        return (key, removed)
    }

    private func checkRemovable(_ identityFile: String?) throws(VaultKeyShareError) {
        guard let identityFile else {
            throw .identityStillNeeded(path: "-", reason: "the pipeline's vault settings name no identity file")
        }
        if pipeline.stages.contains(.archive) {
            throw .identityStillNeeded(
                path: identityFile,
                reason: "the archive stage of \(pipeline.absoluteFile) opens every new bundle with it to verify it before "
                    + "working data is purged; take archive out of the pipeline's stages first, and archive with "
                    + "cardprep vault archive and M custodians' --share options")
        }
    }
}
