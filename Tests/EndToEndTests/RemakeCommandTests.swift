import Foundation
import Testing

/// `cardprep remake` with the built `cardprep`, the sample drop and the demo staff's keys: a card spoiled on the
/// embosser and not remade on the floor is remade on a statement erin (production) and frank (supervisor) sign; the
/// floor reports the remake good under its remake job, and the drop reconciles, goes to the vault, and traces both
/// attempts at the one card.
@Suite struct RemakeCommandTests {
    static let production = "/production/ORD-20261101-01/production.csv"

    @Test func aSpoiledCardIsRemadeReconciledAndTracedWithBothAttempts() throws {
        let workspace = try SampleWorkspace()
        try workspace.addPeople(["alice", "bob", "erin", "frank"])
        // The floor spoiled CD000004 and did not remake it: position 4 of the first batch has no good card.
        let file = workspace.root + Self.production
        // The floor's file has CRLF line ends (one Character in Swift), so it is split on its UTF-8 bytes.
        var rows = try String(contentsOfFile: file, encoding: .utf8).utf8.split(separator: UInt8(ascii: "\n"))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        rows.removeAll { $0.contains(",CD000005,") }
        try (rows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 4, "\(first.standardOutput)\(first.standardError)")

        let good = try workspace.cardprep(
            ["remake", workspace.pipeline, "204e54c8aed0", "--serial", "CD000003", "--reason", "x", "--requester", "erin", "--approver", "frank"])
        #expect(good.status == 64 && good.standardError.contains("CD000003 is reported good"), "\(good.standardError)")
        let remade = try workspace.cardprepSigned(
            ["remake", workspace.pipeline, "204e54c8aed0", "--serial", "CD000004", "--reason", "embossing misaligned",
             "--requester", "erin", "--approver", "frank"])
        #expect(remade.status == 0, "\(remade.standardOutput)\(remade.standardError)")
        #expect(remade.standardOutput.contains("remade 1 card(s)"))
        #expect(remade.standardOutput.contains(
            "CD000004 → job 204e54c8aed0-J01-R01 batch 204e54c8aed0-J01-R01-B001 position 1 (for 204e54c8aed0-J01 position 4)"),
            "\(remade.standardOutput)")
        let outbox = FileManager.default.enumerator(atPath: workspace.root + "/out/outbox")?.allObjects as? [String] ?? []
        #expect(outbox.contains { $0.hasSuffix(".age") && $0.contains("204e54c8aed0-J01-R01.") }, "\(outbox)")

        rows.append("204e54c8aed0-J01-R01,204e54c8aed0-J01-R01-B001,1,CD000099,good,,emb-01,op-17,2026-11-03T11:00:00Z")
        try (rows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        // The remade card goes into the box in place of the one never made good.
        let boxes = workspace.root + "/production/ORD-20261101-01/boxes.csv"
        try String(contentsOfFile: boxes, encoding: .utf8)
            .replacingOccurrences(of: "CD000001-CD000003;CD000005-CD000007", with: "CD000001-CD000003;CD000006-CD000007;CD000099")
            .write(toFile: boxes, atomically: true, encoding: .utf8)
        let second = try workspace.cardprep(["run", workspace.pipeline])
        #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")

        let trace = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "CD000099", "--json"])
        #expect(trace.status == 0, "\(trace.standardError)")
        let traced = try #require(
            ((try JSONSerialization.jsonObject(with: Data(trace.standardOutput.utf8)) as? [String: Any])?["cards"] as? [[String: Any]])?.first)
        #expect(traced["position"] as? Int == 4 && traced["dropState"] as? String == "archived")
        let made = try #require(traced["made"] as? [[String: Any]])
        #expect(made.map { $0["serial"] as? String } == ["CD000004", "CD000099"])
        #expect(made.map { $0["status"] as? String } == ["spoiled", "good"])

        let archived = try workspace.cardprep(
            ["remake", workspace.pipeline, "204e54c8aed0", "--serial", "CD000004", "--reason", "x", "--requester", "erin", "--approver", "frank"])
        #expect(archived.status == 64 && archived.standardError.contains("remade already"), "\(archived.standardError)")
    }

    @Test func theHelpNamesTheSignersAndAnExample() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["remake", "--help"])
        #expect(outcome.status == 0)
        for words in ["--serial", "--requester", "--approver", "--statement", "Example: cardprep remake"] {
            #expect(outcome.standardOutput.contains(words), "\(words)")
        }
    }
}
