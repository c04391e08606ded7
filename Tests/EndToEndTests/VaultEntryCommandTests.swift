import CardPrepCrypto
import Foundation
import Testing

/// `cardprep vault ls` and `vault dump` on the bundle of a real run: entries listed from the signed MANIFEST, one entry
/// read without extracting the others and checked against it, the customer's files only under dual control.
@Suite struct VaultEntryCommandTests {
    private static func archived() throws -> (SampleWorkspace, bundle: String, entries: [String: (size: Int, sha256: String, dualControl: Bool)]) {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let found = try JSONSerialization.jsonObject(with: Data(try workspace.cardprep(["vault", "find", workspace.pipeline, "--json"]).standardOutput.utf8))
        let bundle = try #require(((found as? [String: Any])?["bundles"] as? [[String: Any]])?.first?["id"] as? String)
        let listed = try workspace.cardprep(["vault", "ls", workspace.pipeline, bundle, "--json"])
        #expect(listed.status == 0, "\(listed.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any])
        var entries: [String: (Int, String, Bool)] = [:]
        for entry in object["entries"] as? [[String: Any]] ?? [] {
            entries[entry["name"] as! String] = (entry["size"] as! Int, entry["sha256"] as! String, entry["dualControl"] as! Bool)
        }
        return (workspace, bundle, entries)
    }

    @Test func lsListsTheSignedEntriesAndDumpReadsOneCheckedAgainstThem() throws {
        let (workspace, bundle, entries) = try Self.archived()
        let order = "received/order-ORD-20261101-01.xml", cards = "received/cards-ORD-20261101-01.csv.age"
        #expect(entries["custody.jsonl"]?.dualControl == false)
        #expect(entries[order]?.dualControl == true && entries[cards]?.dualControl == true, "\(entries.keys.sorted())")
        let text = try workspace.cardprep(["vault", "ls", workspace.pipeline, bundle])
        #expect(text.status == 0 && text.standardOutput.contains(cards + "  (dual control)"), "\(text.standardOutput)")

        // An entry without card data: to standard output, by an 8-character prefix and by customer/drop.
        for reference in [String(bundle.prefix(8)), "cust-01/drop-20261101-01"] {
            let dumped = try workspace.cardprep(["vault", "dump", workspace.pipeline, reference, "custody.jsonl"])
            #expect(dumped.status == 0, "\(reference): \(dumped.standardError)")
            #expect(FileDigest.sha256(Array(dumped.standardOutput.utf8)) == entries["custody.jsonl"]?.sha256)
        }
        let manifest = try workspace.cardprep(["vault", "dump", workspace.pipeline, bundle, "MANIFEST"])
        #expect(manifest.status == 0 && manifest.standardOutput.contains("\"format\" : \"cardprep-bundle/1\""), "\(manifest.standardOutput)")

        // An entry the MANIFEST does not list: exit 64.
        let unknown = try workspace.cardprep(["vault", "dump", workspace.pipeline, bundle, "orders/nothing.xml"])
        #expect(unknown.status == 64 && unknown.standardError.contains("vault ls"), "\(unknown.standardError)")

        // The card data file: a statement first (exit 64, nothing written), then with both signatures.
        let out = workspace.root + "/cards.age"
        let asked = try workspace.cardprep(["vault", "dump", workspace.pipeline, bundle, cards, "--out", out])
        #expect(asked.status == 64 && !FileManager.default.fileExists(atPath: out), "\(asked.standardError)")
        try workspace.addPeople()
        let unsigned = try workspace.cardprep(["vault", "dump", workspace.pipeline, bundle, cards, "--out", out, "--opener", "alice",
                                                "--witness", "bob", "--reason", "dispute 2026-114"])
        #expect(unsigned.status == 64 && unsigned.standardOutput.contains("ssh-keygen -Y sign"), "\(unsigned.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let signed = try workspace.cardprepSigned(["vault", "dump", workspace.pipeline, bundle, cards, "--out", out, "--opener", "alice",
                                                    "--witness", "bob", "--reason", "dispute 2026-114"])
        #expect(signed.status == 0, "\(signed.standardOutput)\(signed.standardError)")
        let original = try Data(contentsOf: URL(fileURLWithPath: SampleWorkspace.packageRoot
            + "/Fixtures/sample-inbox/cust-01/drop-20261101-01/cards-ORD-20261101-01.csv.age"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == original, "the card data file as the customer delivered it")

        // Every read is in the bundle's custody, and the audit log still verifies.
        let history = try workspace.cardprep(["vault", "history", workspace.pipeline, bundle])
        #expect(history.standardOutput.components(separatedBy: "bundle.entry.read").count - 1 == 4, "\(history.standardOutput)")
        #expect(history.standardOutput.contains("alice+bob") || history.standardOutput.contains("bob+alice"), "\(history.standardOutput)")
        #expect(try workspace.cardprep(["audit", "verify", workspace.pipeline]).status == 0)
    }

    @Test func aBundleChangedInTheVaultIsRefusedAndNothingIsWritten() throws {
        let (workspace, bundle, _) = try Self.archived()
        let files = FileManager.default.enumerator(atPath: workspace.root)?.compactMap { $0 as? String } ?? []
        let relative = try #require(files.first { $0.hasSuffix(".tar.zst.age") })
        let file = try #require(FileHandle(forUpdatingAtPath: workspace.root + "/" + relative))
        try file.seek(toOffset: 400)
        let byte = try #require(try file.read(upToCount: 1)).first!
        try file.seek(toOffset: 400)
        try file.write(contentsOf: Data([byte ^ 0xFF]))
        try file.close()
        let out = workspace.root + "/custody.jsonl"
        let dumped = try workspace.cardprep(["vault", "dump", workspace.pipeline, bundle, "custody.jsonl", "--out", out])
        #expect(dumped.status == 5, "\(dumped.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try workspace.cardprep(["vault", "ls", workspace.pipeline, bundle]).status == 5)
    }

    @Test func theInstructionsToReadTheCardDataFileWorkWhenPasted() throws {
        let (workspace, bundle, _) = try Self.archived()
        try workspace.addPeople()
        let out = workspace.root + "/cards.age"
        let command = "cardprep vault dump \(workspace.pipeline) \(bundle.prefix(8)) received/cards-ORD-20261101-01.csv.age --out \(out) "
            + "--opener alice --witness bob --reason 'dispute 2026-114'"
        let asked = try PastedInstructionTests.paste(command, in: workspace)
        #expect(asked.status == 64, "\(asked.standardError)")
        let lines = asked.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() where line.hasSuffix(" signs with:") {
            let person = String(line.prefix { $0 != " " })
            let home = try PastedInstructionTests.home(of: person, in: workspace)
            // The person's key where the printed command looks for it (bob's is an ECDSA key: ~/.ssh/id_ecdsa).
            let words = lines[index + 1].split(separator: " ").map(String.init)
            if let flag = words.firstIndex(of: "-f"), words[flag + 1].hasPrefix("~/"), !FileManager.default.fileExists(atPath: home + words[flag + 1].dropFirst()) {
                try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-\(person)", toPath: home + words[flag + 1].dropFirst())
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + words[flag + 1].dropFirst())
            }
            let signed = try PastedInstructionTests.paste(lines[index + 1], in: workspace, home: home)
            #expect(signed.status == 0, "\(lines[index + 1]): \(signed.standardError)")
        }
        let run = try #require(lines.firstIndex(of: "Then run:").map { lines[$0 + 1] }, "\(asked.standardOutput)")
        let pasted = try PastedInstructionTests.paste(run, in: workspace)
        #expect(pasted.status == 0, "\(run): \(pasted.standardError)")
        #expect(FileManager.default.fileExists(atPath: out))
    }
}
