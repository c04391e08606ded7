import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// What `AuditVerifier` found: every fault, and what it could not check.
public struct AuditVerification: Sendable {
    /// How many checkpoint copies were read from each place.
    public struct Copies: Sendable, Equatable, Encodable {
        /// In the audit folder beside the ledger.
        public var folder = 0
        /// In the log beside the vault.
        public var log = 0
        /// In the bundles of the vault.
        public var bundles = 0
    }

    /// Entries in the log.
    public var entries: Int
    /// The log's last entry.
    public var lastSeq: Int64?
    /// The numbers of the checkpoints found anywhere.
    public var checkpoints: [Int]
    /// The latest checkpoint whose signature verifies; the tables are checked against it.
    public var latest: AuditCheckpoint?
    /// How many copies were read from the audit folder, the log beside the vault and the bundles.
    public var copies = Copies()
    public var faults: [AuditFault]
    /// What could not be checked, and why; not faults.
    public var notes: [String]

    /// Whether nothing was found wrong.
    public var passed: Bool { faults.isEmpty }
}

/// Checks the audit log against its signed checkpoints, wherever they are kept, and the covered tables against the
/// latest; collects every fault before reporting.
///
/// - The chain: every entry follows the one before and matches its hash.
/// - Each checkpoint copy (audit folder, log beside the vault, bundles): signed by a trusted key, readable; copies of
///   one number agree; each number is in the folder (else it was deleted) and in the log (else the log was cut);
///   the numbers have no gap and each checkpoint names the statement of the one before.
/// - Each checkpoint against the log: the entry it signed is there (else the tail was cut) with the signed hash (else
///   the chain was rewritten).
/// - The tables against the latest checkpoint: the rows it covered (up to its mark) recounted with their fixed columns
///   must match, however the ledger grew since; with every column too while no entry was added after it. A drop's
///   state must be the one its last transition went to.
/// - The lookups of card fingerprints and card trace against their tables: every row of a merged drop, and nothing
///   else.
public struct AuditVerifier {
    let checkpoints: AuditCheckpoints
    let ledger: Ledger
    let trustedKeys: [SSHEd25519PublicKey]
    let identities: [any AgeIdentity]?

    /// Creates a verifier.
    /// - Parameters:
    ///   - trustedKeys: the keys allowed to sign checkpoints.
    ///   - identities: the vault's age identities, to read the copies in bundles; nil to leave bundles out.
    public init(checkpoints: AuditCheckpoints, ledger: Ledger, trustedKeys: [SSHEd25519PublicKey], identities: [any AgeIdentity]?)
    {
        self.checkpoints = checkpoints; self.ledger = ledger; self.trustedKeys = trustedKeys; self.identities = identities
    }

    /// A checkpoint whose copy verifies, with the copy.
    typealias Signed = (checkpoint: AuditCheckpoint, copy: CheckpointCopy)

    /// Runs every check.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    public func verify() throws -> AuditVerification {
        let entries = try ledger.auditEntries()
        var result = AuditVerification(
            entries: entries.count, lastSeq: entries.last?.seq, checkpoints: [], latest: nil,
            faults: try ledger.verifyAuditChain().map(AuditFault.chain), notes: [])
        let signed = readCopies(into: &result)
        checkSeries(signed, into: &result)
        Self.checkEntries(signed, against: entries, into: &result)
        result.latest = signed.compactMap { $0.checkpoint.number == nil ? nil : $0.checkpoint }
            .max { $0.number! < $1.number! }
        var byNumber: [Int: AuditCheckpoint] = [:]
        for (checkpoint, _) in signed {
            if let number = checkpoint.number, byNumber[number] == nil { byNumber[number] = checkpoint }
        }
        try TableCheck(ledger: ledger).run(against: result.latest, signed: byNumber, into: &result)
        // The lookups are derived from audited tables, not digested: they must agree with them.
        result.faults += try ledger.lookupDisagreements().map { .lookupDisagrees($0, pipeline: checkpoints.pipelineFile) }
        return result
    }

    /// Each checkpoint against the log: the entry it signed is there (else the tail was cut, or the entry removed) with
    /// the hash it signed (else the chain was rewritten).
    static func checkEntries(_ signed: [Signed], against entries: [AuditEntry], into result: inout AuditVerification) {
        let hashes = Dictionary(entries.map { ($0.seq, $0.hash) }, uniquingKeysWith: { first, _ in first })
        let last = entries.last?.seq
        for checkpoint in representatives(signed) {
            if let found = hashes[checkpoint.seq] {
                guard found != checkpoint.hash else { continue }
                result.faults.append(
                    .chainRewritten(checkpoint: checkpoint.label, seq: checkpoint.seq, signed: checkpoint.hash, found: found))
            } else if checkpoint.seq > last ?? 0 {
                result.faults.append(
                    .tailCut(checkpoint: checkpoint.label, signedSeq: checkpoint.seq, signedHash: checkpoint.hash, lastSeq: last))
            } else {
                result.faults.append(.checkpointEntryMissing(checkpoint: checkpoint.label, seq: checkpoint.seq))
            }
        }
    }

    /// Reads every copy, checks its signature and statement, and returns those that verify.
    private func readCopies(into result: inout AuditVerification) -> [Signed] {
        let log = CheckpointLog(file: checkpoints.logFile).read()
        let folder = CheckpointFolder(folder: checkpoints.folder).copies()
        for line in log.unreadable {
            result.faults.append(.checkpointUnreadable(.log(file: checkpoints.logFile, line: line.line), reason: line.reason))
        }
        var bundles: [CheckpointCopy] = []
        if let identities {
            for path in BundleCheckpoints.bundles(in: checkpoints.vaultFolder) {
                do { bundles += try BundleCheckpoints.copies(inBundle: path, identities: identities) } catch {
                    result.faults.append(.bundleUnreadable(path: path, reason: "its checkpoint copy cannot be read: \(error)"))
                }
            }
        } else {
            result.notes.append("the copies in bundles were not read: no vault identity is configured")
        }
        result.copies = .init(folder: folder.count, log: log.copies.count, bundles: bundles.count)
        var signed: [Signed] = []
        var present: [Int: [CheckpointCopy]] = [:]
        for copy in folder + log.copies + bundles {
            let checkpoint: AuditCheckpoint
            do { checkpoint = try AuditCheckpoint.parse(copy.statement) } catch {
                result.faults.append(.checkpointUnreadable(copy.source, reason: error.reason))
                continue
            }
            if let number = checkpoint.number { present[number, default: []].append(copy) }
            guard let signature = copy.signature else {
                result.faults.append(.checkpointSignatureMissing(copy.source))
                continue
            }
            do {
                _ = try SSHSignature.verify(
                    signature, message: copy.statement, namespace: AuditCheckpoints.namespace, trustedKeys: trustedKeys)
                signed.append((checkpoint, copy))
            } catch {
                result.faults.append(.checkpointSignatureInvalid(copy.source, reason: "\(error)"))
            }
        }
        result.checkpoints = present.keys.sorted()
        for number in result.checkpoints {
            let copies = present[number]!
            if !copies.contains(where: \.source.isFolder) {
                result.faults.append(
                    .checkpointMissingFromFolder(number: number, folder: checkpoints.folder, keptIn: copies.map(\.source)))
            }
            if !copies.contains(where: \.source.isLog) {
                result.faults.append(
                    .checkpointMissingFromLog(number: number, log: checkpoints.logFile, keptIn: copies.map(\.source)))
            }
        }
        return signed
    }

    /// Numbering without gaps, signed copies that agree, and each checkpoint naming the one before.
    private func checkSeries(_ signed: [Signed], into result: inout AuditVerification) {
        result.faults += Self.gaps(in: result.checkpoints).map(AuditFault.checkpointNumberingGap)
        let byNumber = Dictionary(grouping: signed.filter { $0.checkpoint.number != nil }) { $0.checkpoint.number! }
        for number in byNumber.keys.sorted() {
            let copies = byNumber[number]!
            if Set(copies.map(\.copy.statement)).count > 1 {
                result.faults.append(.checkpointCopiesDiffer(number: number, sources: copies.map(\.copy.source)))
            }
            let expected =
                number == 1
                ? AuditCheckpoint.noPrevious : byNumber[number - 1].map { AuditCheckpoint.digest(of: $0[0].copy.statement) }
            if let expected, copies[0].checkpoint.previous != expected {
                result.faults.append(.checkpointDoesNotFollow(number: number))
            }
        }
    }

    /// The numbers missing between 1 and the highest of `numbers` (ascending), as ranges.
    static func gaps(in numbers: [Int]) -> [ClosedRange<Int>] {
        guard let highest = numbers.last else { return [] }
        let known = Set(numbers)
        var ranges: [ClosedRange<Int>] = []
        for number in 1...highest where !known.contains(number) {
            if let last = ranges.last, last.upperBound == number - 1 {
                ranges[ranges.count - 1] = last.lowerBound...number
            } else {
                ranges.append(number...number)
            }
        }
        return ranges
    }

    /// One checkpoint per number (and each version 1 checkpoint once), in order.
    static func representatives(_ signed: [Signed]) -> [AuditCheckpoint] {
        var seen = Set<String>()
        var result: [AuditCheckpoint] = []
        for (checkpoint, _) in signed
        where seen.insert(checkpoint.number.map { "n\($0)" } ?? "s\(checkpoint.seq) \(checkpoint.hash)").inserted {
            result.append(checkpoint)
        }
        return result.sorted { $0.seq < $1.seq }
    }
}
