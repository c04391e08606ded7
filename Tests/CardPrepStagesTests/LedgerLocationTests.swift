import CardPrepPostgres
import Foundation
import Testing

@testable import CardPrepStages

/// The pipeline file's `ledger` key: SQLite by default, a PostgreSQL URL or block, and mistakes named with their line.
@Suite struct LedgerLocationTests {
    static let base = """
        version: 1
        name: nightly
        inbox: /srv/inbox
        output: out
        keys:
          identity: keys/bureau.agekey
        stages: [ingest]
        """

    static func parse(_ extra: String, file: String = "/etc/cardprep/nightly.yml") throws(ConfigurationError) -> PipelineDefinition {
        try PipelineDefinition.parse(text: base + "\n" + extra, file: file)
    }

    @Test func withoutTheKeyTheLedgerIsTheSQLiteFileInTheOutputFolder() throws {
        let definition = try Self.parse("")
        #expect(definition.ledger == .sqlite(path: "/etc/cardprep/out/ledger.sqlite"))
        #expect(definition.ledgerPath == "/etc/cardprep/out/ledger.sqlite")
        #expect(!definition.ledger.isShared)
        #expect(definition.lockPath == "/etc/cardprep/out/.lock")
    }

    @Test func aSQLitePathIsResolvedFromThePipelineFolder() throws {
        #expect(try Self.parse("ledger: sqlite:state/ledger.db").ledger == .sqlite(path: "/etc/cardprep/state/ledger.db"))
        #expect(try Self.parse("ledger: /var/lib/cardprep/ledger.db").ledgerPath == "/var/lib/cardprep/ledger.db")
    }

    @Test func aPostgresURLSelectsASharedLedger() throws {
        let definition = try Self.parse("ledger: postgres://cardprep@db.bureau.example:6432/prep?sslmode=require&lock_timeout=4")
        guard case let .postgres(configuration) = definition.ledger else {
            Issue.record("not a PostgreSQL ledger: \(definition.ledger)")
            return
        }
        #expect(configuration.host == "db.bureau.example")
        #expect(configuration.port == 6432)
        #expect(configuration.database == "prep")
        #expect(configuration.user == "cardprep")
        #expect(configuration.tls == .require)
        #expect(configuration.lockTimeout == 4)
        #expect(definition.ledger.isShared)
        #expect(definition.lockPath == "/etc/cardprep/out/.lock-" + WorkerHost.name, "one lock per host on a shared ledger")
        #expect(definition.ledger.description == "postgres://cardprep@db.bureau.example:6432/prep?sslmode=require")
    }

    @Test func aBlockReadsThePasswordFromAFileOnlyItsOwnerReads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-block-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: folder + "/secrets", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let passwordFile = folder + "/secrets/ledger.password"
        FileManager.default.createFile(atPath: passwordFile, contents: Data("s3cret\n".utf8), attributes: [.posixPermissions: 0o600])
        let block = """
            ledger:
              host: db.bureau.example
              database: prep
              user: cardprep
              password_file: secrets/ledger.password
              tls: verify-full
            """
        let definition = try Self.parse(block, file: folder + "/nightly.yml")
        guard case let .postgres(configuration) = definition.ledger else {
            Issue.record("not a PostgreSQL ledger: \(definition.ledger)")
            return
        }
        #expect(configuration.password == "s3cret")
        #expect(configuration.port == 5432)
        #expect(configuration.tls == .verifyFull)
        #expect(!definition.ledger.description.contains("s3cret"), "the password is never shown")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passwordFile)
        do {
            _ = try Self.parse(block, file: folder + "/nightly.yml")
            Issue.record("accepted a password file others can read")
        } catch {
            #expect(error.line == 8, "\(error)")
            #expect(error.reason.contains(passwordFile), "\(error)")
        }
    }

    @Test(arguments: [
        ("ledger: mysql://cardprep@db/prep", "postgres://"),
        ("ledger: postgres://db.bureau.example/prep", "names no user"),
        ("ledger: postgres://cardprep@db.bureau.example/", "names no database"),
        ("ledger: postgres://cardprep@db/prep?sslmode=sometimes", "sslmode"),
        ("ledger:\n  host: db\n  database: prep", "user is missing"),
        ("ledger:\n  host: db\n  database: prep\n  user: u\n  passwd: x", "unknown key passwd"),
        ("ledger: \"sqlite:\"", "sqlite:PATH"),
    ])
    func mistakesAreRefusedWithTheKeysLine(text: String, reason: String) {
        do {
            let definition = try Self.parse(text, file: "p.yml")
            Issue.record("accepted \(text): \(definition.ledger)")
        } catch {
            #expect(error.line == 8, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("p.yml:8: 'ledger'"), "\(error)")
        }
    }
}
