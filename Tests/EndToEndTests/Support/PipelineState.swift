import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// What a pipeline's output holds, in a form two runs can be compared by: keys and times differ from run to
/// run, so working copies are compared by their decrypted content and the ledger by what it records.
struct PipelineState: Equatable, CustomStringConvertible {
    var drops: [String] = []
    var deliveries: [String] = []
    var steps: [String] = []
    var auditEvents: [String] = []
    var received: [String: String] = [:]
    var workPlaintext: [String: String] = [:]
    var jobPlaintext: [String: String] = [:]
    /// Job files the ledger knows, with whether and why they left the outbox.
    var jobFiles: [String] = []
    var bundles: [String] = []
    var fingerprints = 0
    var dataKeys: [String] = []
    var leftovers: [String] = []
    var auditFaults = 0

    var description: String {
        "drops \(drops.count), deliveries \(deliveries), steps \(steps.count), audit \(auditEvents.count), "
            + "received \(received.count), work \(workPlaintext.count), keys \(dataKeys.count), leftovers \(leftovers), faults \(auditFaults)"
    }

    /// The data key of `dropID`, stored wrapped to the bureau key (`keys/bureau.agekey` beside the output folder).
    static func dataKey(of dropID: String, output: String) throws -> [any AgeIdentity] {
        let root = URL(fileURLWithPath: output).deletingLastPathComponent().path
        let bureau = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(root + "/keys/bureau.agekey"))
        var source = try FileByteSource(path: output + "/keys/drops/\(dropID).agekey.age")
        var sink = MemoryByteSink()
        try Age.decrypt(&source, to: &sink, identities: bureau)
        return try AgeKeyText.identities(parsing: String(decoding: sink.bytes, as: UTF8.self))
    }

    /// Reads the state of the pipeline whose output folder is `output`.
    static func read(output: String) throws -> PipelineState {
        var state = PipelineState()
        let fm = FileManager.default
        let ledger = try Ledger(path: output + "/ledger.sqlite")
        for drop in try ledger.drops() {
            state.drops.append("\(drop.customer)/\(drop.name) \(drop.id) \(drop.state.rawValue)")
            state.steps += try ledger.steps(of: drop.id).map { "\(drop.id) \($0.stage)" }
            guard drop.state != .archived else { continue }
            let identities = try PipelineState.dataKey(of: drop.id, output: output)
            for name in try fm.contentsOfDirectory(atPath: drop.workPath + "/cards") {
                let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: drop.workPath + "/cards/" + name), identities: identities)
                var digest = StreamingSHA256()
                while case let piece = try source.read(upTo: 65536), !piece.isEmpty { digest.update(piece) }
                state.workPlaintext[drop.id + "/" + name] = digest.hex()
            }
        }
        state.deliveries = try ledger.allDeliveries().map { "\($0.dropID) \($0.kind.rawValue)" }.sorted()
        state.auditEvents = try ledger.auditEntries().map { "\($0.dropID ?? "-") \($0.event)" }.sorted()
        state.auditFaults = try ledger.verifyAuditChain().count
        for path in fm.enumerator(atPath: output + "/received")?.compactMap({ $0 as? String }) ?? [] {
            var isFolder: ObjCBool = false
            fm.fileExists(atPath: output + "/received/" + path, isDirectory: &isFolder)
            if !isFolder.boolValue { state.received[path] = try FileDigest.sha256(path: output + "/received/" + path) }
        }
        state.jobFiles = try ledger.jobFiles().map { "\($0.jobID) \($0.cards) \($0.removedBecause ?? "out")" }.sorted()
        state.dataKeys = (try? fm.contentsOfDirectory(atPath: output + "/keys/drops").sorted()) ?? []
        state.fingerprints = try ledger.fingerprintCount()
        let stationKey = SampleWorkspace.packageRoot + "/Fixtures/keys/demo-station.agekey"
        let station = try AgeKeyText.identities(parsing: try String(contentsOfFile: stationKey, encoding: .utf8))
        for path in fm.enumerator(atPath: output + "/outbox")?.compactMap({ $0 as? String }) ?? [] where path.hasSuffix(".age") {
            let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: output + "/outbox/" + path), identities: station)
            var digest = StreamingSHA256()
            while case let piece = try source.read(upTo: 65536), !piece.isEmpty { digest.update(piece) }
            state.jobPlaintext[path] = digest.hex()
        }
        state.bundles = (fm.enumerator(atPath: output + "/vault")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".tar.zst.age") || $0.hasSuffix(".age.sig") || $0.contains(".unrecorded-") }.sorted()
        for path in fm.enumerator(atPath: output)?.compactMap({ $0 as? String }) ?? []
        where path.hasSuffix(".partial") || path.hasSuffix(".tmp") || path.hasSuffix(".incoming") {
            state.leftovers.append(path)
        }
        return state
    }
}
