import Foundation
import Glibc
import Testing

/// Runs the pipeline with its output on a small file system that fills up, then frees space and runs again.
@Suite(.serialized) struct DiskFullTests {
    /// Whether this machine lets the tests mount a size-limited tmpfs (root, or a user namespace that allows it).
    static let canMountTmpfs: Bool = {
        guard getuid() == 0, let probe = try? TemporaryFolder() else { return false }
        let ok = Self.shell("mount -t tmpfs -o size=64k tmpfs '\(probe.url.path)'") == 0
        if ok { _ = Self.shell("umount '\(probe.url.path)'") }
        return ok
    }()

    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: canMountTmpfs, "needs root to mount a size-limited tmpfs"))
    func aFullDiskStopsTheRunCleanlyAndTheNextRunCompletes() throws {
        let source = try CrashSafetyTests.generateDrops()
        let reference = try CrashSafetyTests.Workspace(generatedFrom: source.url.path)
        #expect(try reference.runToCompletion() == 0)
        let expected = try PipelineState.read(output: reference.root + "/out")

        let workspace = try CrashSafetyTests.Workspace(generatedFrom: source.url.path)
        let output = workspace.root + "/out"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        #expect(Self.shell("mount -t tmpfs -o size=8m tmpfs '\(output)'") == 0)
        defer { Self.shell("umount -l '\(output)'") }
        // Leave room for the ledger and about one drop.
        #expect(Self.shell("head -c 7300000 /dev/zero > '\(output)/filler'") == 0)

        let full = try BuiltExecutable(name: "cardprep").run(["run", workspace.root + "/pipeline.yml"])
        #expect(full.status == 1)
        #expect(full.standardError.contains("No space left on device") || full.standardError.contains("disk is full"),
                "\(full.standardError)")
        let failed = try PipelineState.read(output: output)
        #expect(failed.auditFaults == 0)
        #expect(failed.bundles.count < expected.bundles.count, "the run stopped before it had archived everything")

        try FileManager.default.removeItem(atPath: output + "/filler")
        #expect(try workspace.runToCompletion() == 0)
        let state = try PipelineState.read(output: output)
        #expect(state.drops == expected.drops)
        #expect(state.deliveries == expected.deliveries)
        #expect(state.received == expected.received)
        #expect(state.workPlaintext == expected.workPlaintext)
        #expect(state.dataKeys == expected.dataKeys)
        #expect(state.leftovers.isEmpty, "\(state.leftovers)")
        #expect(state.auditFaults == 0)
    }
}
