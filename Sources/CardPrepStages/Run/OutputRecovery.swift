import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// Clears what a killed run can leave behind, before a new run starts work. It runs under the pipeline
/// lock, so no other writer is active and anything unfinished is known to be abandoned:
/// - temporary files of atomic writes (`.<name>.<pid>.<n>.tmp`), which may hold a data key, and job segments
///   transform spooled in a drop's work folder under the same kind of name (encrypted to the drop's data key);
/// - work folders still under their `.partial` name, and folders of copies across file systems (`.incoming`);
/// - data keys and work folders of drops the ledger never registered (the drop is taken again from the inbox).
///
/// It also finishes what a kill cut short after a drop was registered: the inbox folder taken away and the
/// originals staged in the work folder moved to `received/` (`DropOriginals.finish()`).
struct OutputRecovery {
    let pipeline: PipelineDefinition
    let ledger: Ledger

    /// Removes the leftovers; returns what it removed, for the log.
    func sweep() throws -> [String] {
        let fm = FileManager.default
        var removed: [String] = []
        func remove(_ path: String) {
            if (try? fm.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        for path in fm.enumerator(atPath: pipeline.output)?.compactMap({ $0 as? String }) ?? [] {
            let name = URL(fileURLWithPath: path).lastPathComponent
            if (name.hasPrefix(".") && name.hasSuffix(".tmp")) || name.hasSuffix(".incoming") {
                remove(pipeline.output + "/" + path)
            }
        }
        let drops = try ledger.drops()
        for drop in drops where drop.state != .archived && !drop.workPath.isEmpty { removed += try DropOriginals(drop: drop).finish() }
        let registered = Set(drops.map(\.id))
        for name in (try? fm.contentsOfDirectory(atPath: pipeline.workFolder)) ?? [] {
            let id = name.hasSuffix(".partial") ? String(name.dropLast(".partial".count)) : name
            if name.hasSuffix(".partial") || !registered.contains(id) { remove(pipeline.workFolder + "/" + name) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: pipeline.dataKeyFolder)) ?? [] {
            if let id = DataKeyStore.dropID(ofKeyFile: name), !registered.contains(id) { remove(pipeline.dataKeyFolder + "/" + name) }
        }
        // A drop released from quarantine whose folder had not been moved back when the run was killed.
        for drop in try ledger.drops(in: [.received]) where drop.originalsPath.hasPrefix(pipeline.quarantineFolder + "/") {
            let target = pipeline.inbox + "/" + drop.customer + "/" + drop.name
            if fm.fileExists(atPath: drop.originalsPath), !fm.fileExists(atPath: target) {
                try DropDecisions.returnToInbox(drop.originalsPath, to: target)
                removed.append(drop.originalsPath)
            }
        }
        return removed
    }
}
