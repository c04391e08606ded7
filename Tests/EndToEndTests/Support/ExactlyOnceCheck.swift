import Foundation

/// What a shared pipeline must show once its workers are done: every drop ingested, validated, transformed and
/// archived exactly once (one transition into each state, one delivery, one vault bundle, its job files written to
/// the machines' outbox once and taken out once), no drop failed or quarantined, nothing half-written left, the
/// inbox empty and the audit chain verified. Each departure is one line naming the drop and what is wrong, so a
/// trial's failure says what it saw.
struct ExactlyOnceCheck {
    let workspace: SharedWorkspace
    let drops: Int

    /// The states a drop passes on its way through ingest, validate, transform and archive, each entered once.
    static let states = ["ingested", "validated", "jobs-issued", "archived"]

    func problems() throws -> [String] {
        var problems: [String] = []
        let drops = try workspace.query(#"SELECT "id", "customer", "name", "state" FROM "drop" ORDER BY "id""#)
        if drops.count != self.drops { problems.append("\(drops.count) drops in the ledger, not \(self.drops)") }
        if Set(drops.map { $0[1] + "/" + $0[2] }).count != drops.count { problems.append("a drop is registered twice") }
        for drop in drops where drop[3] != "archived" {
            problems.append("drop \(drop[1])/\(drop[2]) is \(drop[3]), not archived")
        }

        var entered: [String: [String: Int]] = [:]
        for row in try workspace.query(
            #"SELECT "dropID", "toState", COUNT(*) FROM "dropTransition" GROUP BY "dropID", "toState""#)
        {
            entered[row[0], default: [:]][row[1]] = Int(row[2])
        }
        for drop in drops {
            let counts = entered[drop[0]] ?? [:]
            for state in Self.states where counts[state] != 1 {
                problems.append("drop \(drop[1])/\(drop[2]) entered \(state) \(counts[state] ?? 0) times")
            }
            for (state, count) in counts where !Self.states.contains(state) && state != "received" {
                problems.append("drop \(drop[1])/\(drop[2]) entered \(state) \(count) time(s)")
            }
        }

        let deliveries = try workspace.query(#"SELECT "dropID", "kind" FROM "delivery""#)
        if deliveries.count != self.drops || !deliveries.allSatisfy({ $0[1] == "first" }) {
            problems.append("deliveries: \(deliveries.map { $0.joined(separator: " ") })")
        }
        let quarantined = try workspace.query(#"SELECT "customer", "name", "reasonCode" FROM "quarantine""#)
        if !quarantined.isEmpty { problems.append("quarantined: \(quarantined.map { $0.joined(separator: " ") })") }

        let bundles = try workspace.query(#"SELECT "dropID", "path" FROM "vaultBundle""#)
        if bundles.count != self.drops || Set(bundles.map { $0[0] }).count != bundles.count {
            problems.append("\(bundles.count) vault bundle records for \(Set(bundles.map { $0[0] }).count) drops")
        }
        let bundleFiles = workspace.files(under: "vault", endingWith: [".tar.zst.age"])
        if bundleFiles.count != self.drops { problems.append("\(bundleFiles.count) bundles in the vault: \(bundleFiles)") }
        let signatures = workspace.files(under: "vault", endingWith: [".tar.zst.age.sig"])
        if signatures.count != self.drops { problems.append("\(signatures.count) bundle signatures in the vault") }

        // Job files leave the outbox when their drop is archived: each one written once is recorded once, removed
        // once (one audit event each), and none is left in the outbox.
        let jobFiles = try workspace.query(#"SELECT "dropID", "path", "removedBecause" FROM "jobFile""#)
        let stillOut = workspace.files(under: "outbox", endingWith: [".age"])
        if !stillOut.isEmpty { problems.append("job files left in the outbox: \(stillOut)") }
        let notRemoved = jobFiles.filter { $0[2].isEmpty }.map { $0[1] }
        if !notRemoved.isEmpty { problems.append("job files the ledger has as still out: \(notRemoved)") }
        let removals = try workspace.query(#"SELECT COUNT(*) FROM "audit" WHERE "event" = 'jobfile.removed'"#)
        if removals.first?.first != "\(jobFiles.count)" {
            problems.append("\(removals.first?.first ?? "no") job file removals for \(jobFiles.count) job files")
        }
        for drop in drops where !jobFiles.contains(where: { $0[0] == drop[0] }) {
            problems.append("drop \(drop[1])/\(drop[2]) has no job file")
        }

        let leftovers =
            workspace.files(under: "", endingWith: [".partial", ".tmp", ".incoming"])
            + workspace.files(under: "vault") { $0.contains(".unrecorded-") }
        if !leftovers.isEmpty { problems.append("left behind: \(leftovers)") }
        let inbox = try workspace.dropsLeftInInbox()
        if !inbox.isEmpty { problems.append("still in the inbox: \(inbox)") }

        let verify = try workspace.cardprep(["audit", "verify", workspace.pipeline])
        if verify.status != 0 {
            problems.append("audit verify exited \(verify.status): \(verify.standardOutput)\(verify.standardError)")
        }
        return problems
    }
}
