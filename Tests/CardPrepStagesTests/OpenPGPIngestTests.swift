import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import OpenPGPTestSupport
import Testing

@testable import CardPrepStages

@Suite(.enabled(if: OpenPGPTool.isInstalled("gpg"), "needs gpg (gnupg)"))
struct OpenPGPIngestTests {
    @Test(arguments: [false, true])
    func aDropEncryptedAndSignedWithGpgIsIngested(armored: Bool) throws {
        let fixture = try IngestFixture(customers: 2)
        let pgp = try OpenPGPDrops(fixture)
        try pgp.makeOpenPGPCustomer("cust-01")
        try pgp.convert("cust-01", encryption: .gpg(armored: armored), signer: .bank(armored: armored))
        let report = try fixture.ingest()
        #expect(report.ingested == 2)
        #expect(report.quarantined == 0)
        let ledger = try fixture.ledger()
        let record = try #require(try ledger.drops().first { $0.customer == "cust-01" })
        // The working copy is age under the drop's data key, with the same plaintext the age drop had.
        let cards = try FileManager.default.contentsOfDirectory(atPath: record.workPath + "/cards")
        #expect(cards == ["cards-ORD-20261101-01.csv.age"])
        let identities = try DataKeyStore(pipeline: fixture.pipeline).identity(for: record.id)
        #expect(try fixture.decrypt(record.workPath + "/cards/" + cards[0], identities: identities)
                == fixture.plaintext(of: fixture.drop(customer: "cust-01")))
        // The originals are kept as the bank sent them.
        let kept = try FileManager.default.contentsOfDirectory(atPath: record.originalsPath).sorted()
        #expect(kept.contains("cards-ORD-20261101-01.csv" + (armored ? ".asc" : ".gpg")))
        #expect(kept.contains(DropManifest.signatureFileName))
        // Custody names the bank's OpenPGP key as signer and the bureau's OpenPGP key as the key that opened it.
        let events = try ledger.auditEntries(dropID: record.id)
        let bankFingerprint = try pgp.bank.fingerprint(of: OpenPGPDrops.bankID)
        let bureauFingerprint = try pgp.bureau.fingerprint(of: OpenPGPDrops.bureauID)
        #expect(events.first { $0.event == "drop.received" }?.key == "openpgp:" + bankFingerprint)
        #expect(events.first { $0.event == "drop.ingested" }?.key == "openpgp:" + bureauFingerprint)
    }

    @Test func transformMakesTheSameJobsFromAnOpenPGPDropAsFromTheAgeDrop() throws {
        let stages = ["ingest", "validate", "transform"]
        let ageFixture = try IngestFixture(customers: 1, cards: 40, stages: stages)
        let openPGPFixture = try IngestFixture(customers: 1, cards: 40, stages: stages)
        let pgp = try OpenPGPDrops(openPGPFixture)
        try pgp.makeOpenPGPCustomer("cust-01")
        try pgp.convert("cust-01")
        #expect(try ageFixture.run().exitCode == .ok)
        #expect(try openPGPFixture.run().exitCode == .ok)
        let jobs = try [ageFixture, openPGPFixture].map { fixture in
            let drop = try #require(try fixture.ledger().drops().first)
            #expect(drop.state == .jobsIssued)
            let manifest = try JSONDecoder().decode(
                JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: drop.workPath + "/jobs/jobs.json")))
            // Job and batch ids start with the drop id, which is the manifest's digest: the rest must be the same.
            return try manifest.jobs.map { job in
                let body = try fixture.jobText(job).replacingOccurrences(of: String(drop.id.prefix(12)), with: "<drop>")
                return "\(job.machine) \(job.product) \(job.cards) \(job.batches.map { "\($0.branch):\($0.cards)" }) "
                    + FileDigest.sha256(Array(body.utf8))
            }
        }
        #expect(jobs[0].count == 2)
        #expect(jobs[0] == jobs[1])
    }

    /// What a bank can get wrong, and the reason the drop is quarantined with.
    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        case wrongRecipient, flippedByte, truncated, legacyWithoutMDC, notEncrypted, passphraseEncrypted
        case missingSignature, foreignSignature, signatureOverOtherBytes, ageDataForAnOpenPGPCustomer

        var testDescription: String { rawValue }

        var code: DropRejection.Code {
            switch self {
            case .wrongRecipient: .openPGPWrongRecipient
            case .flippedByte, .truncated: .openPGPIntegrity
            case .legacyWithoutMDC: .openPGPUnprotected
            case .notEncrypted, .passphraseEncrypted: .openPGPNotEncrypted
            case .missingSignature: .signatureMissing
            case .foreignSignature: .signatureUnknownKey
            case .signatureOverOtherBytes: .signatureInvalid
            case .ageDataForAnOpenPGPCustomer: .cardDataFormat
            }
        }

        func apply(_ pgp: OpenPGPDrops, customer: String) throws {
            let bank = pgp.bank
            switch self {
            case .wrongRecipient: try pgp.convert(customer, encryption: .gpgTo(OpenPGPDrops.strangerID))
            case .flippedByte: try pgp.convert(customer, encryption: .gpg(armored: false, options: ["--compress-algo", "none"]), flip: 0.6)
            case .truncated:
                try pgp.convert(customer, encryption: .custom { Array(try bank.encrypt($0, to: OpenPGPDrops.bureauID).dropLast(30)) })
            case .legacyWithoutMDC:
                try pgp.convert(customer, encryption: .gpg(armored: false, options: ["--rfc2440", "--cipher-algo", "CAST5"]))
            case .notEncrypted: try pgp.convert(customer, encryption: .custom { try bank.gpg(["--store"], input: $0) })
            case .passphraseEncrypted:
                try pgp.convert(customer, encryption: .custom { try bank.gpg(["--symmetric", "--passphrase", "shared"], input: $0) })
            case .missingSignature: try pgp.convert(customer, signer: .nobody)
            case .foreignSignature: try pgp.convert(customer, signer: .stranger)
            case .signatureOverOtherBytes:
                try pgp.convert(customer, signer: .custom { try bank.detachSign($0 + Array("x".utf8), as: OpenPGPDrops.bankID) })
            case .ageDataForAnOpenPGPCustomer:
                try pgp.reseal(pgp.fixture.inboxPath(pgp.fixture.drop(customer: customer)), signer: .bank(armored: false))
            }
        }
    }

    @Test(arguments: Fault.allCases)
    func aFaultyOpenPGPDropIsQuarantinedWithItsReasonAndTheOtherDropGoesOn(fault: Fault) throws {
        let fixture = try IngestFixture(customers: 2)
        let pgp = try OpenPGPDrops(fixture)
        try pgp.makeOpenPGPCustomer("cust-01")
        try fault.apply(pgp, customer: "cust-01")
        let report = try fixture.ingest()
        guard case let .quarantined(rejection) = fixture.outcome(report, customer: "cust-01") else {
            Issue.record("cust-01: \(String(describing: fixture.outcome(report, customer: "cust-01")))")
            return
        }
        #expect(rejection.code == fault.code, "\(rejection)")
        #expect(fixture.outcome(report, customer: "cust-02") == .ingested)
        let ledger = try fixture.ledger()
        // Nothing of the refused drop is registered or left in the work folder; its files are in quarantine.
        #expect(try ledger.drops().filter { $0.state == .ingested }.map(\.customer) == ["cust-02"])
        let quarantined = try #require(try ledger.quarantined().first)
        #expect(quarantined.reasonCode == fault.code.rawValue)
        #expect(try String(contentsOfFile: quarantined.keptAt + ".reason.txt", encoding: .utf8).contains("reason: " + fault.code.rawValue))
        #expect(FileManager.default.fileExists(atPath: quarantined.keptAt + "/" + DropManifest.fileName))
        let work = (try? FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.workFolder)) ?? []
        #expect(work.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.dataKeyFolder).count == 1)
    }

    @Test(.enabled(if: OpenPGPTool.isInstalled("sqop"), "needs sqop"))
    func aDropForABureauKeyMadeBySequoiaAndEncryptedAndSignedBySequoiaIsIngested() throws {
        let fixture = try IngestFixture(customers: 1)
        let pgp = try OpenPGPDrops(fixture)
        let bureauKey = try Sqop.generateKey(OpenPGPDrops.bureauID)
        try pgp.writeBureauKey(bureauKey)
        let bankKey = try Sqop.generateKey(OpenPGPDrops.bankID)
        let files = try GnuPGHome()
        try Data(try Sqop.extractCert(bureauKey)).write(to: URL(fileURLWithPath: files.path + "/bureau.cert"))
        try Data(bankKey).write(to: URL(fileURLWithPath: files.path + "/bank.key"))
        try pgp.makeOpenPGPCustomer("cust-01", signerKey: try Sqop.extractCert(bankKey))
        try pgp.convert("cust-01", encryption: .custom { try Sqop.encrypt($0, certFile: files.path + "/bureau.cert") },
                        signer: .custom { try Sqop.sign($0, keyFile: files.path + "/bank.key") })
        #expect(try fixture.ingest().ingested == 1)
    }

    @Test func aPassphraseFileUnlocksTheBureauKey() throws {
        let fixture = try IngestFixture(customers: 1)
        let pgp = try OpenPGPDrops(fixture, passphrase: "correct horse battery")
        try pgp.makeOpenPGPCustomer("cust-01")
        try pgp.convert("cust-01")
        #expect(try fixture.ingest().ingested == 1)
    }

    @Test func aBureauKeyOthersCanReadStopsTheRunAndLeavesTheDropsInTheInbox() throws {
        let fixture = try IngestFixture(customers: 1)
        let pgp = try OpenPGPDrops(fixture)
        try pgp.writeBureauKey(try pgp.bureau.exportSecretKey(OpenPGPDrops.bureauID), mode: 0o644)
        #expect { try fixture.ingest() } throws: { error in "\(error)".contains("chmod 600") }
        #expect(FileManager.default.fileExists(atPath: fixture.inboxPath(fixture.drop(customer: "cust-01"))))
    }

    @Test func anOpenPGPDropWithoutABureauOpenPGPKeyStopsTheRunAndStaysInTheInbox() throws {
        let fixture = try IngestFixture(customers: 1)
        let pgp = try OpenPGPDrops(fixture)
        try pgp.makeOpenPGPCustomer("cust-01")
        try pgp.convert("cust-01")
        try pgp.rewritePipeline { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("openpgp_") }.joined(separator: "\n")
        }
        #expect { try fixture.ingest() } throws: { error in "\(error)".contains("keys.openpgp_identity") }
        #expect(FileManager.default.fileExists(atPath: fixture.inboxPath(fixture.drop(customer: "cust-01"))))
        #expect(try fixture.ledger().drops().isEmpty)
    }
}
