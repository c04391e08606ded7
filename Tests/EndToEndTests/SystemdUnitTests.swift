import Foundation
import Testing

/// The systemd units work as written: `systemd-analyze verify` accepts them, `systemd-analyze security` rates the
/// service OK or better, the writable paths are the pipeline's folders, and a failure starts the notice.
@Suite struct SystemdUnitTests {
    private static func analyze(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
                     standardError: String(decoding: error, as: UTF8.self))
    }

    /// The exposure `systemd-analyze security --offline` gives a service file (0 best, 10 worst).
    private static func exposure(_ service: String) throws -> Double {
        let outcome = try analyze(["security", "--offline=yes", "--no-pager", service])
        let line = try #require(outcome.standardOutput.split(separator: "\n").first { $0.contains("Overall exposure level") },
                                "\(outcome.standardOutput)\(outcome.standardError)")
        let number = try #require(line.split(separator: " ").compactMap { Double($0) }.first, "\(line)")
        return number
    }

    private static func verify(_ folder: String, _ names: [String]) throws {
        let outcome = try analyze(["verify"] + names.map { folder + "/" + $0 })
        #expect(outcome.status == 0 && outcome.standardError.isEmpty, "\(outcome.standardOutput)\(outcome.standardError)")
    }

    @Test func theUnitsOfAPipelineAreItsFoldersAndPassVerifyAndSecurity() throws {
        let workspace = try SampleWorkspace()
        let units = workspace.root + "/units"
        let cardprep = BuiltExecutable.productsFolder.path + "/cardprep"
        let made = try workspace.cardprep(["systemd", workspace.pipeline, "--out", units, "--executable", cardprep,
                                           "--mail-to", "ops@bureau.example"])
        #expect(made.status == 0, "\(made.standardError)")
        let names = ["cardprep-nightly.service", "cardprep-nightly.timer", "cardprep-notify@.service"]
        try Self.verify(units, names)
        #expect(try Self.exposure(units + "/cardprep-nightly.service") < 5, "rated worse than OK")
        let service = try String(contentsOfFile: units + "/cardprep-nightly.service", encoding: .utf8)
        let writable = service.split(separator: "\n").filter { $0.hasPrefix("ReadWritePaths=") }.map { String($0.dropFirst(15)) }
        // The vault and the job outbox are inside the output folder, so three paths cover every folder the run writes.
        #expect(Set(writable) == [workspace.output, workspace.root + "/inbox", workspace.root + "/production"], "\(writable)")
        #expect(service.contains("ExecStartPre=\(cardprep) check \(workspace.pipeline)"))
        #expect(service.contains("ExecStart=\(cardprep) run \(workspace.pipeline) --quiet"))
        #expect(service.contains("OnFailure=cardprep-notify@%n.service"))
        #expect(service.contains("PrivateTmp=no"), "the workspace is under /tmp: PrivateTmp=yes would hide it")
        let notify = try String(contentsOfFile: units + "/cardprep-notify@.service", encoding: .utf8)
        #expect(notify.contains("ops@bureau.example"))
    }

    @Test func theShippedUnitsPassVerifyAndSecurity() throws {
        let folder = try TemporaryFolder()
        let shipped = SampleWorkspace.packageRoot + "/Pipelines/systemd"
        let cardprep = BuiltExecutable.productsFolder.path + "/cardprep"
        let names = ["cardprep-nightly.service", "cardprep-nightly.timer", "cardprep-notify@.service"]
        for name in names {
            // systemd-analyze verify requires the executable to exist: the built one stands in for the installed one.
            let text = try String(contentsOfFile: shipped + "/" + name, encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/cardprep", with: cardprep)
            try text.write(toFile: folder.url.path + "/" + name, atomically: true, encoding: .utf8)
        }
        try Self.verify(folder.url.path, names)
        #expect(try Self.exposure(folder.url.path + "/cardprep-nightly.service") < 5)
    }

    @Test func aQuietRunPrintsNothingWhenAllIsWellAndTheSummaryWhenNot() throws {
        let clean = try SampleWorkspace()
        let quiet = try clean.cardprep(["run", clean.pipeline, "--quiet"])
        #expect(quiet.status == 0, "\(quiet.standardError)")
        #expect(quiet.standardOutput.isEmpty, "\(quiet.standardOutput)")
        #expect(quiet.standardError.isEmpty, "\(quiet.standardError)")

        let unsigned = try SampleWorkspace(signDestructions: false)
        let attention = try unsigned.cardprep(["run", unsigned.pipeline, "--quiet"])
        #expect(attention.status == 4, "\(attention.standardOutput)\(attention.standardError)")
        #expect(attention.standardOutput.contains("attention: 1 drop(s)"), "\(attention.standardOutput)")
    }
}
