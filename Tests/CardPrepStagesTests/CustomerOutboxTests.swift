import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// What goes back to the customer is published, signed, in the customer outbox before the work folder is purged.
@Suite struct CustomerOutboxTests {
    /// Runs `command` in a POSIX shell, as a person pastes it.
    static func shell(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aRejectedDropsRejectReportIsInTheOutboxAfterTheRunThatArchivedIt() throws {
        let fixture = try IngestFixture(customers: 2, injections: [.malformedXML: 1], stages: ["ingest", "validate", "transform", "archive"],
                                        vault: true)
        let report = try fixture.run()
        let rejected = try #require(try fixture.ledger().drops().first { $0.customer == fixture.generated.faults[0].customer })
        #expect(rejected.state == .archived)
        #expect(!FileManager.default.fileExists(atPath: rejected.workPath), "the work folder is purged")

        let folder = CustomerOutbox.folder(of: rejected, in: fixture.pipeline)
        #expect(folder == fixture.root + "/out/customer-outbox/\(rejected.customer)/\(rejected.name)")
        let publication = try #require(report.published.first { $0.dropID == rejected.id }, "\(report.published)")
        #expect(publication.folder == folder)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(names == ["rejects.csv", "rejects.csv.sig", "rejects.json", "rejects.json.sig", "rejects-summary.csv",
                          "rejects-summary.csv.sig", "MANIFEST.json", "MANIFEST.json.sig", "allowed_signers"], "\(names)")
        let rejects = try String(contentsOfFile: folder + "/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("order-invalid"), "\(rejects)")

        // The printed command verifies the manifest; the same form verifies each report.
        let manifestCheck = try Self.shell(publication.verifyCommand)
        #expect(manifestCheck.status == 0, "\(publication.verifyCommand)\n\(manifestCheck.output)")
        let reportCheck = try Self.shell(CustomerOutbox.verifyCommand(folder + "/rejects.csv", allowedSigners: folder + "/allowed_signers"))
        #expect(reportCheck.status == 0, "\(reportCheck.output)")
        // A changed report no longer verifies.
        try (rejects + "x").write(toFile: folder + "/rejects.csv", atomically: true, encoding: .utf8)
        #expect(try Self.shell(CustomerOutbox.verifyCommand(folder + "/rejects.csv", allowedSigners: folder + "/allowed_signers")).status != 0)

        // The manifest names every other file with its SHA-256 and size.
        let manifest = try JSONDecoder().decode(CustomerOutbox.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/MANIFEST.json")))
        #expect(manifest.format == "cardprep-outbox/1" && manifest.dropID == rejected.id)
        #expect(Set(manifest.files.map(\.name)) == names.subtracting(["MANIFEST.json", "MANIFEST.json.sig", "allowed_signers"]))
        let summary = try #require(manifest.files.first { $0.name == "rejects-summary.csv" })
        #expect(summary.sha256 == (try FileDigest.sha256(path: folder + "/rejects-summary.csv")))
        #expect(summary.size == (try Data(contentsOf: URL(fileURLWithPath: folder + "/rejects-summary.csv"))).count)

        // Files 0640, folders 0750.
        #expect(try Self.mode(folder + "/rejects.csv.sig") == 0o640)
        #expect(try Self.mode(folder + "/MANIFEST.json") == 0o640)
        #expect(try Self.mode(folder) == 0o750)
        #expect(try Self.mode(fixture.root + "/out/customer-outbox") == 0o750)

        // Recorded in the audit log; status names the folder of the closed drop.
        let events = try fixture.ledger().auditEntries().filter { $0.event == "outbox.published" && $0.dropID == rejected.id }
        #expect(events.count == 1 && events.first?.details.contains(publication.manifestSHA256) == true)
        let status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date())
        #expect(status.drops.first { $0.dropID == rejected.id }?.outbox == folder)
        #expect(status.text.contains(folder), "\(status.text)")
    }

    @Test func publishingAgainChangesNothingAndAChangedReportIsPublishedAgain() throws {
        let fixture = try IngestFixture(customers: 1, injections: [.malformedXML: 1], stages: ["ingest", "validate"])
        let first = try fixture.run()
        let drop = try #require(try fixture.ledger().drops().first)
        let publication = try #require(first.published.first)
        #expect(publication.changed)
        let outbox = CustomerOutbox(pipeline: fixture.pipeline, ledger: try fixture.ledger(), context: fixture.context())
        let signature = try String(contentsOfFile: publication.folder + "/rejects.csv.sig", encoding: .utf8)
        let again = try #require(try outbox.publish(drop))
        #expect(!again.changed)
        #expect(try String(contentsOfFile: publication.folder + "/rejects.csv.sig", encoding: .utf8) == signature)

        try "record,line\n".write(toFile: drop.workPath + "/validation/rejects-summary.csv", atomically: true, encoding: .utf8)
        let changed = try #require(try outbox.publish(drop))
        #expect(changed.changed)
        #expect(try String(contentsOfFile: publication.folder + "/rejects-summary.csv", encoding: .utf8) == "record,line\n")
        #expect(try Self.shell(changed.verifyCommand).status == 0)
    }

    @Test func theOutboxFolderIsConfigurable() throws {
        let text = """
            version: 1
            name: p
            inbox: in
            output: out
            customer_outbox: /srv/customers
            keys: {identity: k}
            """
        #expect(try PipelineDefinition.parse(text: text, file: "/etc/cardprep/p.yml").customerOutbox == "/srv/customers")
        let standard = try PipelineDefinition.parse(text: text.replacingOccurrences(of: "customer_outbox: /srv/customers\n", with: ""),
                                                    file: "/etc/cardprep/p.yml")
        #expect(standard.customerOutbox == "/etc/cardprep/out/customer-outbox")
    }
}
