import Foundation
import Glibc

/// The folders a run reads and writes: there, folders, and open to the run's user as they must be.
struct FolderChecks {
    let pipeline: PipelineDefinition
    let lines: PipelineLines

    func run(counts: inout [String: Int]) -> [ConfigurationProblem] {
        var findings: [ConfigurationProblem] = []
        var read: [(String, String, String)] = [(pipeline.customersFolder, "folder of customer profiles", "customers")]
        if pipeline.makesCards { read.append((pipeline.machinesFolder, "folder of machine profiles", "machines")) }
        for (path, what, key) in read { findings += existing(path, what: what, key: key, writable: false) }
        if !FileManager.default.fileExists(atPath: pipeline.peopleFolder) {
            findings.append(ConfigurationProblem(
                .people, .note, file: pipeline.file, line: lines.line("people"),
                reason: "the register of people \(pipeline.peopleFolder) does not exist: no one can sign a decision, a QA verdict or a destruction"))
        }
        findings += existing(pipeline.inbox, what: "inbox", key: "inbox", writable: true)
        var written: [(String, String, String)] = [
            (pipeline.output, "output folder", "output"),
            (pipeline.jobsOutbox, "job outbox", "jobs_outbox"),
            (pipeline.productionInputs, "folder of production inputs", "production_inputs"),
        ]
        if let vault = pipeline.archive?.vaultFolder { written.append((vault, "vault folder", "vault.folder")) }
        for (path, what, key) in written { findings += creatable(path, what: what, key: key) }
        counts["folders"] = read.count + 2 + written.count
        return findings
    }

    /// A folder that must exist already.
    private func existing(_ path: String, what: String, key: String, writable: Bool) -> [ConfigurationProblem] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return [problem(path, key, "the \(what) does not exist; create it: mkdir -p \(Shell.quoted(path))")]
        }
        guard isFolder.boolValue else { return [problem(path, key, "the \(what) is not a folder")] }
        guard access(path, R_OK | X_OK) == 0 else { return [problem(path, key, "the \(what) cannot be read by this user")] }
        if writable, access(path, W_OK) != 0 { return [problem(path, key, "the \(what) cannot be written by this user")] }
        return []
    }

    /// A folder the run creates when it is missing: then its nearest existing parent must be writable.
    private func creatable(_ path: String, what: String, key: String) -> [ConfigurationProblem] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { return [problem(path, key, "the \(what) is not a folder")] }
            guard access(path, R_OK | W_OK | X_OK) == 0 else { return [problem(path, key, "the \(what) cannot be written by this user")] }
            return []
        }
        var parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        while !FileManager.default.fileExists(atPath: parent), parent != "/" {
            parent = URL(fileURLWithPath: parent).deletingLastPathComponent().path
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            return [problem(path, key, "the \(what) does not exist and cannot be created: \(parent) is not writable by this user")]
        }
        return []
    }

    private func problem(_ path: String, _ key: String, _ reason: String) -> ConfigurationProblem {
        let line = lines.line(key) ?? lines.line(key.split(separator: ".").first.map(String.init) ?? key)
        return ConfigurationProblem(.folder, file: pipeline.file, line: line, reason: "'\(key)' \(path): \(reason)")
    }
}

extension PipelineDefinition {
    /// Whether the pipeline goes past ingest to make cards (validate or transform), so it needs machine profiles.
    var makesCards: Bool { stages.contains { $0 == .validate || $0 == .transform } }
    /// Whether the pipeline reads orders after ingest (every stage but ingest does), so it needs the order schema.
    var readsOrders: Bool { stages.contains { $0 != .ingest } }
}
