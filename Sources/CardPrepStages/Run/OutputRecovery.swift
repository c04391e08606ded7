import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// Clears what a killed run can leave behind, before a new run starts work:
/// - temporary files of atomic writes (`.<name>.<pid>.<n>.tmp`), which may hold a data key, and job segments
///   transform spooled in a drop's work folder under the same kind of name (encrypted to the drop's data key);
/// - work folders still under their `.partial` name, and folders of copies across file systems (`.incoming`);
/// - data keys and work folders of drops the ledger never registered (the drop is taken again from the inbox).
///
/// It also finishes what a kill cut short after a drop was registered: the inbox folder taken away and the
/// originals staged in the work folder moved to `received/` (`DropOriginals.finish()`).
///
/// The run holds its host's pipeline lock, so nothing else on this host writes. Workers on other hosts sharing the
/// ledger may, and what they are writing looks the same as what a killed run left: so a drop's leftovers are cleared
/// only while no live claim of a worker on another host holds the drop (`dropClaim`), and leftovers that belong to no
/// drop (outside the work folders) only while no worker on another host holds any claim.
struct OutputRecovery {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    /// This worker: the claims of its host (its own, and a killed run's) do not hold anything back.
    var holder: DropClaimHolder? = nil

    /// Removes the leftovers; returns what it removed, for the log.
    func sweep() throws -> [String] {
        let fm = FileManager.default
        var removed: [String] = []
        func remove(_ path: String) {
            if (try? fm.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        // What is there is listed first, and the claims and the registered drops read after: a worker on another host
        // claims a drop before it writes anything of it, so whatever of its work was listed is, by the time they are
        // read, either held by its live claim or registered (read in the other order, a claim taken and a key written
        // in between would be missed, and the key of a drop about to be registered removed).
        let workPrefix = URL(fileURLWithPath: pipeline.workFolder).lastPathComponent + "/"
        let workIsBelowOutput = pipeline.workFolder == pipeline.output + "/" + workPrefix.dropLast()
        let temporary = (fm.enumerator(atPath: pipeline.output)?.compactMap({ $0 as? String }) ?? []).filter { path in
            let name = URL(fileURLWithPath: path).lastPathComponent
            return (name.hasPrefix(".") && name.hasSuffix(".tmp")) || name.hasSuffix(".incoming")
        }
        let workFolders = (try? fm.contentsOfDirectory(atPath: pipeline.workFolder)) ?? []
        let keyFiles = (try? fm.contentsOfDirectory(atPath: pipeline.dataKeyFolder)) ?? []
        // Claims of this host's other processes are a killed run's: this run holds the host's lock.
        let others = try DropClaims(store: ledger.store).live(now: Date()).filter { $0.holder.host != holder?.host }
        let held = Set(others.map(\.dropID))
        let drops = try ledger.drops()
        for path in temporary {
            // Below work/<drop>/: the drop's own; anywhere else: anyone's.
            if workIsBelowOutput, path.hasPrefix(workPrefix) {
                let folder = path.dropFirst(workPrefix.count).prefix { $0 != "/" }
                let id = folder.hasSuffix(".partial") ? String(folder.dropLast(".partial".count)) : String(folder)
                if held.contains(id) { continue }
            } else if !others.isEmpty {
                continue
            }
            remove(pipeline.output + "/" + path)
        }
        for drop in drops where drop.state != .archived && !drop.workPath.isEmpty && !held.contains(drop.id) {
            removed += try DropOriginals(drop: drop).finish()
        }
        let registered = Set(drops.map(\.id))
        for name in workFolders {
            let id = name.hasSuffix(".partial") ? String(name.dropLast(".partial".count)) : name
            guard !held.contains(id) else { continue }
            if name.hasSuffix(".partial") || !registered.contains(id) { remove(pipeline.workFolder + "/" + name) }
        }
        for name in keyFiles {
            if let id = DataKeyStore.dropID(ofKeyFile: name), !registered.contains(id), !held.contains(id) {
                remove(pipeline.dataKeyFolder + "/" + name)
            }
        }
        // A drop released from quarantine whose folder had not been moved back when the run was killed.
        for drop in try ledger.drops(in: [.received])
        where drop.originalsPath.hasPrefix(pipeline.quarantineFolder + "/") && !held.contains(drop.id) {
            let target = pipeline.inbox + "/" + drop.customer + "/" + drop.name
            if fm.fileExists(atPath: drop.originalsPath), !fm.fileExists(atPath: target) {
                try DropDecisions.returnToInbox(drop.originalsPath, to: target)
                removed.append(drop.originalsPath)
            }
        }
        return removed
    }
}
