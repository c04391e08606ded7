import CardPrepLedger
import Foundation
import Testing

/// `cardprep remake` of an archived drop with the built `cardprep`, the sample drop and the demo staff's keys. The
/// floor spoiled CD000004 and did not remake it; the drop's discrepancy is waived and it goes to the vault, whose key
/// is then kept only as custodians' shares. The card is remade from the bundle on one statement erin (production),
/// frank (supervisor), alice and bob (security: opener and witness) sign; its job is the one a remake from the working
/// copy writes, byte for byte once decrypted. The floor reports the remade card, the run takes it, the spoiled card's
/// destruction is signed, and the remake is reconciled; trace shows both attempts and the destruction.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/age"), "the age tool is not installed"))
struct VaultRemakeCommandTests {
    static let order = "/production/ORD-20261101-01"
    static let drop = "204e54c8aed0"
    static let remakeRow = "204e54c8aed0-J01-R01,204e54c8aed0-J01-R01-B001,1,CD000099,good,,emb-01,op-17,2026-11-20T11:00:00Z"
    static let destructionRow =
        "DES-2026-0031,2026-11-21T16:00:00Z,Secure room 2,shredding,C01-DEBIT,1,CD000004,"
        + "Erin Walsh:production;Alice Martin:security;Dave Novak:warehouse,CAM2-20261121-1600"

    /// The floor's file `name` of the sample order, as lines (the fixtures have CRLF line ends).
    static func rows(_ workspace: SampleWorkspace, _ name: String) throws -> [String] {
        try String(contentsOfFile: workspace.root + order + "/" + name, encoding: .utf8).utf8.split(separator: UInt8(ascii: "\n"))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    static func write(_ rows: [String], _ workspace: SampleWorkspace, _ name: String) throws {
        try (rows.joined(separator: "\n") + "\n").write(toFile: workspace.root + order + "/" + name, atomically: true, encoding: .utf8)
    }

    /// The remake job `204e54c8aed0-J01-R01` in the stations' outbox, decrypted with the station's key (nil: none there).
    static func remakeJob(_ workspace: SampleWorkspace) throws -> (path: String, plaintext: String)? {
        let outbox = workspace.output + "/outbox"
        let files = FileManager.default.enumerator(atPath: outbox)?.allObjects as? [String] ?? []
        guard let job = files.first(where: { $0.contains("204e54c8aed0-J01-R01.") && $0.hasSuffix(".age") }) else { return nil }
        let decrypted = try BuiltExecutable.system("/usr/bin/age").run(
            ["-d", "-i", workspace.root + "/keys/station.agekey", outbox + "/" + job])
        #expect(decrypted.status == 0, "\(decrypted.standardError)")
        return (outbox + "/" + job, decrypted.standardOutput)
    }

    static func ledgerFiles(_ workspace: SampleWorkspace) -> [String] {
        ["ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm"].map { workspace.output + "/" + $0 }
    }

    /// The remake arguments for an archived drop, with the people named and the shares given.
    static func remake(_ workspace: SampleWorkspace, opener: String, witness: String, shares: [String]) -> [String] {
        ["remake", workspace.pipeline, drop, "--serial", "CD000004", "--reason", "card lost in the post, customer asks for it again",
         "--requester", "erin", "--approver", "frank", "--opener", opener, "--witness", witness]
            + shares.flatMap { ["--share", $0] }
    }

    /// The sample drop archived with CD000004 spoiled and not remade (its discrepancy waived), the vault key in its file.
    static func archivedWorkspace() throws -> SampleWorkspace {
        let workspace = try SampleWorkspace(signDestructions: false)
        try workspace.addPeople(["alice", "bob", "carol", "dave", "erin", "frank"])
        try write(try rows(workspace, "production.csv").filter { !$0.contains(",CD000005,") }, workspace, "production.csv")
        try write([try rows(workspace, "destruction.csv")[0]], workspace, "destruction.csv")
        #expect(try workspace.cardprep(["run", workspace.pipeline]).status == 4)
        let waived = try workspace.cardprepSigned(
            ["waive", workspace.pipeline, drop, "--reason", "customer takes 11 cards now", "--requester", "erin", "--approver", "frank"])
        #expect(waived.status == 0, "\(waived.standardOutput)\(waived.standardError)")
        #expect(try workspace.cardprep(["run", workspace.pipeline]).status == 0)
        return workspace
    }

    /// A remade card the floor spoils again ends that remake; the card is remade once more from the vault, as `-R02`.
    @Test func aRemakeSpoiledAgainIsRemadeOnceMore() throws {
        let workspace = try Self.archivedWorkspace()
        let first = try workspace.cardprepSigned(Self.remake(workspace, opener: "bob", witness: "alice", shares: []))
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        try Self.write(
            try Self.rows(workspace, "production.csv").filter { !$0.isEmpty }
                + ["204e54c8aed0-J01-R01,204e54c8aed0-J01-R01-B001,1,CD000098,spoiled,chip dead,emb-01,op-17,2026-11-20T10:00:00Z"],
            workspace, "production.csv")
        #expect(try workspace.cardprep(["run", workspace.pipeline]).status == 0)
        let ledger = try Ledger(path: workspace.output + "/ledger.sqlite")
        #expect(try ledger.archivedRemakes().map(\.state) == [.spoiledAgain])
        #expect(try ledger.archivedRemakes(open: true).isEmpty)
        let again = try workspace.cardprepSigned(
            ["remake", workspace.pipeline, Self.drop, "--serial", "CD000098", "--reason", "chip dead on the remake", "--requester", "erin",
             "--approver", "frank", "--opener", "alice", "--witness", "bob"])
        #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        #expect(again.standardOutput.contains("CD000098 → job 204e54c8aed0-J01-R02 batch 204e54c8aed0-J01-R02-B001 position 1 "
            + "(for 204e54c8aed0-J01 position 4)"), "\(again.standardOutput)")
        let status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.standardOutput.contains("204e54c8aed0-J01-R02 for CD000098: waiting for the floor's report"), "\(status.standardOutput)")
    }

    @Test func aSpoiledCardOfAnArchivedDropIsRemadeFromTheVaultAndReconciled() throws {
        let workspace = try SampleWorkspace(signDestructions: false)
        try workspace.addPeople(["alice", "bob", "carol", "dave", "erin", "frank"])
        // The floor spoiled CD000004, did not remake it and has not destroyed it yet.
        try Self.write(try Self.rows(workspace, "production.csv").filter { !$0.contains(",CD000005,") }, workspace, "production.csv")
        try Self.write([try Self.rows(workspace, "destruction.csv")[0]], workspace, "destruction.csv")
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 4, "\(first.standardOutput)\(first.standardError)")

        // The vault's people are for an archived drop only.
        let notArchived = try workspace.cardprep(Self.remake(workspace, opener: "alice", witness: "bob", shares: []))
        #expect(notArchived.status == 64 && notArchived.standardError.contains("for an archived drop"), "\(notArchived.standardError)")

        // A remake from the working copy, in the ledger as it is now; then the ledger is put back as it was.
        let fm = FileManager.default
        try fm.createDirectory(atPath: workspace.root + "/kept", withIntermediateDirectories: true)
        for file in Self.ledgerFiles(workspace) where fm.fileExists(atPath: file) {
            try fm.copyItem(atPath: file, toPath: workspace.root + "/kept/" + URL(fileURLWithPath: file).lastPathComponent)
        }
        let fromWorkingCopy = try workspace.cardprepSigned(
            ["remake", workspace.pipeline, Self.drop, "--serial", "CD000004", "--reason", "embossing misaligned", "--requester", "erin",
             "--approver", "frank"])
        #expect(fromWorkingCopy.status == 0, "\(fromWorkingCopy.standardOutput)\(fromWorkingCopy.standardError)")
        let workingCopyJob = try #require(try Self.remakeJob(workspace))
        try fm.removeItem(atPath: workingCopyJob.path)
        for file in Self.ledgerFiles(workspace) {
            try? fm.removeItem(atPath: file)
            let kept = workspace.root + "/kept/" + URL(fileURLWithPath: file).lastPathComponent
            if fm.fileExists(atPath: kept) { try fm.copyItem(atPath: kept, toPath: file) }
        }

        // The customer accepts the shortfall for now; the drop goes to the vault.
        let waived = try workspace.cardprepSigned(
            ["waive", workspace.pipeline, Self.drop, "--reason", "customer takes 11 cards now", "--requester", "erin", "--approver", "frank"])
        #expect(waived.status == 0, "\(waived.standardOutput)\(waived.standardError)")
        let archive = try workspace.cardprep(["run", workspace.pipeline])
        #expect(archive.status == 0, "\(archive.standardOutput)\(archive.standardError)")
        #expect(!fm.fileExists(atPath: workspace.output + "/work/" + Self.drop))

        // The vault key is split between alice, carol and dave (any 2 of 3) and its file removed; the run no longer
        // archives (it could not verify new bundles without the key) but still reconciles.
        try fm.copyItem(atPath: workspace.root + "/keys/vault.agekey", toPath: workspace.root + "/kept/vault.agekey")
        let definition = try String(contentsOfFile: workspace.pipeline, encoding: .utf8)
        try definition.replacingOccurrences(of: ", reconcile, archive]", with: ", reconcile]")
            .write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let shares = try workspace.splitVaultKey(among: ["alice", "carol", "dave"])
        let removed = try workspace.cardprep(
            ["keys", "combine-test", workspace.pipeline, "--remove-identity", "--share", shares["alice"]!, "--share", shares["dave"]!])
        #expect(removed.status == 0, "\(removed.standardError)")

        // Refused, nothing recorded: no opener and witness named; one of them not of security; a person twice; a share
        // short of the two the split needs; no share where the key exists only as shares.
        let unnamed = try workspace.cardprep(
            ["remake", workspace.pipeline, Self.drop, "--serial", "CD000004", "--reason", "x", "--requester", "erin", "--approver", "frank"])
        #expect(unnamed.status == 64 && unnamed.standardError.contains("--opener"), "\(unnamed.standardError)")
        let notSecurity = try workspace.cardprep(Self.remake(workspace, opener: "alice", witness: "dave", shares: []))
        #expect(notSecurity.status == 64 && notSecurity.standardError.contains("dave"), "\(notSecurity.standardError)")
        let twice = try workspace.cardprep(Self.remake(workspace, opener: "alice", witness: "alice", shares: []))
        #expect(twice.status == 64 && twice.standardError.contains("different people"), "\(twice.standardError)")
        let oneShare = try workspace.cardprepSigned(Self.remake(workspace, opener: "alice", witness: "bob", shares: [shares["carol"]!]))
        #expect(oneShare.status == 64 && oneShare.standardError.contains("2 needed"), "\(oneShare.standardOutput)\(oneShare.standardError)")
        var corrupted = Array(try String(contentsOfFile: shares["carol"]!, encoding: .utf8))
        corrupted[40] = corrupted[40] == "A" ? "B" : "A"
        try String(corrupted).write(toFile: workspace.root + "/carol-bad.share", atomically: true, encoding: .utf8)
        let badShare = try workspace.cardprepSigned(
            Self.remake(workspace, opener: "alice", witness: "bob", shares: [workspace.root + "/carol-bad.share", shares["dave"]!]))
        #expect(badShare.status == 5 && badShare.standardError.contains("carol-bad.share is a corrupted key share"),
                "\(badShare.standardOutput)\(badShare.standardError)")
        let noKey = try workspace.cardprepSigned(Self.remake(workspace, opener: "alice", witness: "bob", shares: []))
        #expect(noKey.status == 1 && noKey.standardError.contains("--share"), "\(noKey.standardOutput)\(noKey.standardError)")
        var ledger = try Ledger(path: workspace.output + "/ledger.sqlite")
        #expect(try ledger.cardRemakes(dropID: try #require(try ledger.drops().first?.id)).isEmpty)
        #expect(try Self.remakeJob(workspace) == nil)

        // The statement names the bundle and the card, masked, for the four people.
        let asked = try workspace.cardprep(Self.remake(workspace, opener: "alice", witness: "bob", shares: []) + ["--json"])
        #expect(asked.status == 64)
        let request = try #require(try JSONSerialization.jsonObject(with: Data(asked.standardOutput.utf8)) as? [String: Any])
        let statement = try #require(request["statement"] as? String)
        #expect(statement.contains("action: cards.remake") && statement.contains("bundle: ") && statement.contains("opener: alice"),
                "\(statement)")
        #expect(statement.contains("card-1: CD000004: ") && statement.contains("******"), "\(statement)")
        #expect((request["signers"] as? [[String: Any]])?.compactMap { $0["duty"] as? String } == ["requester", "approver", "opener", "witness"])

        let remade = try workspace.cardprepSigned(
            Self.remake(workspace, opener: "alice", witness: "bob", shares: [shares["carol"]!, shares["dave"]!]))
        #expect(remade.status == 0, "\(remade.standardOutput)\(remade.standardError)")
        #expect(remade.standardOutput.contains("requester=erin, approver=frank, opener=alice, witness=bob"), "\(remade.standardOutput)")
        let vaultJob = try #require(try Self.remakeJob(workspace))
        #expect(vaultJob.plaintext == workingCopyJob.plaintext)
        #expect(!vaultJob.plaintext.isEmpty)
        // Nothing of the card data is left in the temporary folder.
        #expect(try fm.contentsOfDirectory(atPath: workspace.temporary).filter { $0.hasPrefix("cardprep-remake-") }.isEmpty)
        #expect(try SampleWorkspace.files(under: workspace.temporary, containing: try SampleWorkspace.sampleCardNumbers()).isEmpty)
        ledger = try Ledger(path: workspace.output + "/ledger.sqlite")
        let events = try ledger.auditEntries()
        let opened = try #require(events.last { $0.event == "bundle.opened" })
        #expect(opened.details.contains("opener=alice") && opened.details.contains("witness=bob") && opened.details.contains("vault-key=shares"),
                "\(opened.details)")
        #expect(events.last?.event == "cards.remade")

        var status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.standardOutput.contains("remakes of archived drops waiting: 1"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("204e54c8aed0-J01-R01 for CD000004: waiting for the floor's report"), "\(status.standardOutput)")

        // The floor reports the remade card; the spoiled one waits for its destruction, which is then signed.
        try Self.write(try Self.rows(workspace, "production.csv").filter { !$0.isEmpty } + [Self.remakeRow], workspace, "production.csv")
        let reported = try workspace.cardprep(["run", workspace.pipeline])
        #expect(reported.status == 0, "\(reported.standardOutput)\(reported.standardError)")
        #expect(reported.standardOutput.contains("remakes of archived drops: 1 moved, 1 reported by the floor, 0 reconciled")
                    || reported.standardError.contains("1 reported by the floor"), "\(reported.standardOutput)\(reported.standardError)")
        #expect(try Self.remakeJob(workspace) == nil)
        status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.standardOutput.contains("the spoiled card waits for its signed destruction"), "\(status.standardOutput)")

        try Self.write(try Self.rows(workspace, "destruction.csv").filter { !$0.isEmpty } + [Self.destructionRow], workspace, "destruction.csv")
        let destroyed = try workspace.cardprepSigned(workspace.destroyArguments(row: Self.destructionRow))
        #expect(destroyed.status == 0, "\(destroyed.standardOutput)\(destroyed.standardError)")
        let reconciled = try workspace.cardprep(["run", workspace.pipeline])
        #expect(reconciled.status == 0, "\(reconciled.standardOutput)\(reconciled.standardError)")
        status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let remakes = try #require(
            (try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])?["remakesOfArchivedDrops"] as? [Any])
        #expect(remakes.isEmpty)
        ledger = try Ledger(path: workspace.output + "/ledger.sqlite")
        #expect(try ledger.archivedRemakes().map(\.state) == [.reconciled])

        // The floor's reports with the remade card went into the vault as a supplementary bundle beside the drop's.
        let supplement = try #require(try ledger.archivedRemakes().first?.supplementPath)
        #expect(supplement.hasSuffix("-J01-R01-1.tar.zst.age"), "\(supplement)")
        let vaultFolder = try #require(
            (FileManager.default.enumerator(atPath: workspace.root)?.allObjects as? [String])?.first { $0.hasSuffix(supplement) })
        let decrypted = try BuiltExecutable.system("/usr/bin/age").run(
            ["-d", "-i", workspace.root + "/kept/vault.agekey", "-o", workspace.root + "/kept/supplement.tar.zst",
             workspace.root + "/" + vaultFolder])
        #expect(decrypted.status == 0, "\(decrypted.standardError)")
        #expect(fm.fileExists(atPath: workspace.root + "/" + vaultFolder + ".sig"))
        let listed = try BuiltExecutable.system("/usr/bin/bsdtar").run(["-tf", workspace.root + "/kept/supplement.tar.zst"])
        #expect(listed.status == 0, "\(listed.standardError)")
        for entry in ["MANIFEST", "floor/production.csv", "floor/destruction.csv", "custody.jsonl"] {
            #expect(listed.standardOutput.split(separator: "\n").map(String.init).contains(entry), "\(entry): \(listed.standardOutput)")
        }
        let verified = try workspace.cardprep(
            ["vault", "verify", workspace.pipeline, "--read-data", "--share", shares["alice"]!, "--share", shares["dave"]!])
        #expect(verified.status == 0 && verified.standardOutput.contains("ok  ") && verified.standardOutput.contains(supplement),
                "\(verified.standardOutput)\(verified.standardError)")
        let production = try BuiltExecutable.system("/usr/bin/bsdtar").run(
            ["-xOf", workspace.root + "/kept/supplement.tar.zst", "floor/production.csv"])
        #expect(production.standardOutput.contains(Self.remakeRow), "\(production.standardOutput)")

        let trace = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "CD000099", "--json"])
        #expect(trace.status == 0, "\(trace.standardError)")
        let traced = try #require(
            ((try JSONSerialization.jsonObject(with: Data(trace.standardOutput.utf8)) as? [String: Any])?["cards"] as? [[String: Any]])?.first)
        #expect(traced["position"] as? Int == 4 && traced["dropState"] as? String == "archived")
        let made = try #require(traced["made"] as? [[String: Any]])
        #expect(made.map { $0["serial"] as? String } == ["CD000004", "CD000099"])
        #expect(made.map { $0["status"] as? String } == ["spoiled", "good"])
        #expect((made.first?["destruction"] as? [String: Any])?["id"] as? String == "DES-2026-0031", "\(made)")

        let audit = try workspace.cardprep(["audit", "verify", workspace.pipeline, "--share", shares["alice"]!, "--share", shares["carol"]!])
        #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
    }
}
