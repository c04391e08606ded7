import CardPrepCore
import Foundation

extension PipelineStatus {
    /// The status for people: counts first, then every drop that needs someone, with what to do.
    public var text: String {
        var lines: [String] = []
        let counts = DropState.allCases.compactMap { state in states[state.rawValue].flatMap { $0 > 0 ? "\($0) \(state.words)" : nil } }
        lines.append("pipeline \(pipeline): \(drops.count) drop(s)" + (counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))")
                     + "; \(duplicateDeliveries) duplicate delivery(ies)")
        lines.append("inbox: \(readyInInbox) ready for the next run, \(uploads.count) uploading (\(uploads.filter(\.stale).count) stale)")
        for upload in uploads {
            lines.append("  \(upload.stale ? "stale    " : "uploading") \(upload.customer)/\(upload.drop)  \(upload.reason)"
                         + "  (last change \(Timestamp.iso8601(upload.lastChange)))")
        }
        if !claims.isEmpty { lines.append("held by workers: \(claims.count)") }
        for claim in claims {
            let drop = claim.customer.map { "\($0)/\(claim.drop ?? "")" } ?? claim.dropID
            lines.append("  \(claim.dropID.prefix(12))  \(drop)  \(claim.stage)  held by \(claim.host) (pid \(claim.pid)), "
                         + "lease \(DropAttention.age(claim.leaseSecondsLeft)) left")
        }
        let open = drops.filter { !$0.state.isFinal }.sorted { ($0.state, $0.since) < ($1.state, $1.since) }
        if !open.isEmpty { lines.append("drops:") }
        for drop in open {
            lines.append("  \(drop.dropID.prefix(12))  \(drop.customer)/\(drop.drop)  \(drop.state.words) since \(Timestamp.iso8601(drop.since))")
            if let failure = drop.failure {
                lines.append("      failed at \(failure.stage): \(failure.error)")
                lines.append("      fix: \(failure.fix)")
            } else if drop.state == .quarantined || drop.state == .onHold || drop.state == .discrepancy, let reason = drop.reason {
                lines.append("      \(reason)")
            }
            if drop.state == .quarantined, let retry = drop.retry { lines.append("      once the cause is fixed: \(retry)") }
            if let outbox = drop.outbox { lines.append("      for the customer: \(outbox)") }
        }
        let published = drops.filter { $0.state.isFinal && $0.outbox != nil }.sorted { $0.since > $1.since }
        if !published.isEmpty {
            lines.append("customer outbox \(customerOutbox): \(published.count) closed drop(s)")
            for drop in published.prefix(5) {
                lines.append("  \(drop.customer)/\(drop.drop)  \(drop.state.words) \(Timestamp.iso8601(drop.since))  \(drop.outbox!)")
            }
        }
        if !waitingForProduction.isEmpty {
            lines.append("waiting for production results: \(waitingForProduction.joined(separator: ", "))")
        }
        if !jobFilesOut.isEmpty {
            lines.append("job files in the stations' outbox: \(jobFilesOut.count)")
            for file in jobFilesOut {
                lines.append("  \(file.job)  \(file.machine)  out for \(DropAttention.age(file.ageSeconds))  \(file.path)")
            }
        }
        if !remakesOfArchivedDrops.isEmpty {
            lines.append("remakes of archived drops waiting: \(remakesOfArchivedDrops.count)")
            for remake in remakesOfArchivedDrops {
                lines.append("  \(remake.customer)/\(remake.drop) (\(remake.dropID.prefix(8))) \(remake.remakeJob) for \(remake.spoiledSerial): "
                    + "\(remake.state.words), remade \(DropAttention.age(remake.ageSeconds)) ago")
            }
        }
        if !openOrderLines.isEmpty {
            lines.append("open order lines (planned short, not closed): \(openOrderLines.count)")
            for line in openOrderLines.prefix(10) {
                lines.append("  \(line.customer)/\(line.drop) (\(line.dropID.prefix(8))) order \(line.order) line \(line.orderLine): "
                    + "\(line.planned + line.replaced) of \(line.ordered) \(line.product) for \(line.branch), open \(line.ageSeconds / 86_400) day(s)"
                    + (line.replaced > 0 ? ", \(line.replaced) made by replacement drops" : "")
                    + (line.replacing > 0 ? ", \(line.replacing) on their way in a replacement drop" : ""))
            }
        }
        if !shippingRisks.isEmpty {
            lines.append("orders at risk of arriving late: \(shippingRisks.count)")
            for risk in shippingRisks {
                lines.append("  " + risk.line)
                for problem in risk.problems { lines.append("      \(problem)") }
            }
        }
        if !lotsWaitingForInspection.isEmpty {
            let shown = lotsWaitingForInspection.prefix(5).joined(separator: ", ") + (lotsWaitingForInspection.count > 5 ? ", …" : "")
            lines.append("lots waiting for inspection: \(lotsWaitingForInspection.count) (\(shown))")
        }
        for loan in loans {
            lines.append("on loan: bundle \(loan.bundle) to \(loan.borrower) since \(Timestamp.iso8601(loan.since)): \(loan.reason)")
        }
        if let complaints = complaints.line { lines.append(complaints) }
        lines.append(attention.summary)
        return lines.joined(separator: "\n")
    }
}
