import Foundation
import Glibc
import Testing

/// What CardPrep writes is readable by its owner and the bureau's group, never by others; private keys by the owner.
@Suite struct FileModeTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        _ = lstat(path, &info)
        return info.st_mode
    }

    /// Every entry below `folder` whose mode lets others in.
    static func openToOthers(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? [])
            .filter { mode(folder + "/" + $0) & 0o007 != 0 && mode(folder + "/" + $0) & S_IFMT != S_IFLNK }
    }

    @Test func nothingTheRunWritesIsReadableByOthers() throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform", "reconcile"], production: "short-shipped")
        // A drop delivered twice and one that is refused: the customer's files arrive world-readable, and are kept.
        let source = workspace.root + "/inbox/cust-01/drop-20261101-01"
        let again = workspace.root + "/inbox/cust-01/drop-again", bad = workspace.root + "/inbox/cust-01/drop-bad"
        try FileManager.default.copyItem(atPath: source, toPath: again)
        try FileManager.default.copyItem(atPath: source, toPath: bad)
        try "not listed".write(toFile: bad + "/notes.txt", atomically: false, encoding: .utf8)
        for folder in [again, bad] {
            _ = chmod(folder, 0o755)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) { _ = chmod(folder + "/" + name, 0o644) }
        }
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status != 64 && run.status != 1, "\(run.standardOutput)\(run.standardError)")
        #expect(Self.openToOthers(under: workspace.output) == [], "files and folders open to others")
        #expect(Self.mode(workspace.output + "/ledger.sqlite") & 0o777 == 0o640)
        let work = try #require(try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work").first)
        #expect(Self.mode(workspace.output + "/work/" + work) & 0o777 == 0o750)
        #expect(Self.mode(workspace.output + "/work/" + work + "/reconcile/report.html") & 0o777 == 0o640)
        let keys = try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/keys/drops")
        #expect(!keys.isEmpty && keys.allSatisfy { Self.mode(workspace.output + "/keys/drops/" + $0) & 0o777 == 0o600 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/quarantine/cust-01").count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/received/cust-01/duplicates").count == 1)
    }

    @Test func theOutputFolderBelongsToTheBureausGroup() throws {
        let workspace = try SampleWorkspace(stages: ["ingest"])
        let group = String(cString: getgrgid(getegid())!.pointee.gr_name)
        try (try String(contentsOfFile: workspace.pipeline, encoding: .utf8) + "\ngroup: \(group)\n")
            .write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(Self.mode(workspace.output) & 0o7777 == 0o2750, "set-group-ID, group may read")
        var info = stat()
        _ = stat(workspace.output + "/ledger.sqlite", &info)
        #expect(info.st_gid == getegid())
        let unknown = try SampleWorkspace(stages: ["ingest"])
        try (try String(contentsOfFile: unknown.pipeline, encoding: .utf8) + "\ngroup: no-such-group-here\n")
            .write(toFile: unknown.pipeline, atomically: true, encoding: .utf8)
        let refused = try unknown.cardprep(["run", unknown.pipeline])
        #expect(refused.status == 1 && refused.standardError.contains("no-such-group-here"), "\(refused.standardError)")
    }
}
