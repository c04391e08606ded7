import CardPrepCore
import Foundation

/// Renders a lot's acceptance report with the `acceptance` template: one self-contained A4 page (inline CSS, an inline
/// SVG control chart, no scripts, fonts, images or links to fetch).
public enum AcceptanceReportHTML {
    /// The page, from the built-in templates or `templates`.
    public static func render(_ report: AcceptanceReport, templates: ReportTemplates = .builtIn) -> String {
        templates.render(.acceptance, View(report))
    }

    /// A label and its value.
    struct Row: Sendable {
        var label: String
        var value: String
    }

    /// One defect class of the plan with what was found.
    struct ClassRow: Sendable {
        var defectClass: String
        var severity: String
        var aql: String
        var codeLetter: String
        var inspected: Int
        var acceptNumber: Int
        var rejectNumber: Int
        var found: Int
        var accepted: Bool
        var decision: String
    }

    /// One defect found.
    struct DefectRow: Sendable {
        var serial: String
        var defectClass: String
        var code: String
        var inspector: String
    }

    /// What the `acceptance` template shows, every value already formatted.
    struct View: Sendable {
        var page: ReportPage
        var lotID: String
        var order: [Row]
        var plan: [Row]
        var classes: [ClassRow]
        var accepted: Bool
        var verdict: String
        var summary: String
        var qualificationRate: String
        var switching: String?
        var disposition: String?
        var defects: [DefectRow]
        var hasDefects: Bool
        var historyTitle: String
        var chart: String
        var seed: String
        var sample: String
        var samplePrefix: String
        var signOff: SignOffBlock

        /// The longest prefix ending in a separator (`-`, `_`, `.`, `/`) that every serial shares; empty for one serial.
        static func commonPrefix(_ serials: [String]) -> String {
            guard serials.count > 1, var prefix = serials.first.map(Array.init) else { return "" }
            for serial in serials.dropFirst() {
                let characters = Array(serial)
                var length = 0
                while length < min(prefix.count, characters.count), prefix[length] == characters[length] { length += 1 }
                prefix = Array(prefix.prefix(length))
            }
            while let last = prefix.last, !"-_./".contains(last) { prefix.removeLast() }
            return String(prefix)
        }

        /// The switching changes the lot made, class by class (each class is switched on its own, ISO 2859-1 clause 9).
        static func switching(_ report: AcceptanceReport) -> String? {
            let changes = report.decision.classes.compactMap { judged in
                judged.transition.map { "\(judged.defectClass.rawValue): \($0.reason) → next lots on \($0.severity.rawValue) inspection" }
            }
            if changes.isEmpty {
                return report.transition.map { "Switching: \($0.reason) → next lots on \($0.severity.rawValue) inspection." }
            }
            return "Switching, " + changes.joined(separator: "; ") + "."
        }

        init(_ report: AcceptanceReport) {
            let lot = report.lot
            let decision = report.decision
            let customer = report.customerName ?? lot.customer
            page = ReportPage(title: "Acceptance report", documentID: "AR-" + lot.id, bureau: report.bureauName ?? "",
                              customer: customer, generated: report.generated)
            lotID = lot.id
            order = [
                Row(label: "Customer", value: report.customerName.map { "\($0) (\(lot.customer))" } ?? lot.customer),
                Row(label: "Order", value: lot.orderID), Row(label: "Contract", value: lot.contract),
                Row(label: "Product", value: lot.product), Row(label: "Drop", value: String(lot.dropID.prefix(12))),
                Row(label: "Lot", value: "\(lot.id) (\(lot.basis == .batch ? "production batch" : "delivery"))"),
                Row(label: "Delivered / ordered", value: "\(ReportFormat.grouped(lot.size)) of \(ReportFormat.count(lot.orderedQuantity, "card"))"),
            ]
            plan = [
                Row(label: "Inspection level", value: report.plan.level.rawValue), Row(label: "Tables", value: report.plan.edition.rawValue),
                Row(label: "Severity", value: report.plan.severity.rawValue), Row(label: "Why", value: report.plan.severityReason),
                Row(label: "AQLs from", value: report.plan.termsSource),
                Row(label: "Sample drawn", value: ReportFormat.count(report.sample.count, "card")),
            ]
            classes = report.plan.classes.map { classPlan in
                let found = decision.classes.first { $0.defectClass == classPlan.defectClass }
                let letter = classPlan.plan.codeLetter == classPlan.plan.planCodeLetter
                    ? classPlan.plan.codeLetter.rawValue : "\(classPlan.plan.codeLetter.rawValue) → \(classPlan.plan.planCodeLetter.rawValue)"
                return ClassRow(defectClass: classPlan.defectClass.rawValue,
                                severity: (classPlan.severity ?? report.plan.severity).rawValue, aql: "\(classPlan.aql)", codeLetter: letter,
                                inspected: found?.inspected ?? 0, acceptNumber: classPlan.plan.acceptNumber,
                                rejectNumber: classPlan.plan.rejectNumber, found: found?.nonconforming ?? 0,
                                accepted: found?.accepted == true, decision: found?.accepted == true ? "accept" : "reject")
            }
            accepted = decision.accepted
            verdict = decision.accepted ? "ACCEPTED" : "NOT ACCEPTED"
            summary = "\(ReportFormat.count(decision.inspected, "card")) inspected, \(ReportFormat.grouped(decision.defective)) with defects"
            qualificationRate = ReportFormat.percent(decision.qualificationRate)
            switching = Self.switching(report)
            disposition = report.disposition.map { note in
                let reference = note.customerReference.map { " · customer reference \($0)" } ?? ""
                return "Disposition: \(note.words)\(reference) · \(note.reason) · signed by \(note.signedBy) on "
                    + "\(ReportFormat.time(note.disposedAt)) (statement \(note.statementDigest.prefix(16))…)"
            }
            defects = report.defects.map {
                DefectRow(serial: $0.serial, defectClass: $0.defectClass?.rawValue ?? "", code: $0.defectCode, inspector: $0.inspector)
            }
            hasDefects = !defects.isEmpty
            let charted = LotHistoryChart.chartedClass(report)?.defectClass.rawValue ?? "all"
            historyTitle = "Control chart: \(charted) nonconforming items per lot of \(customer) / \(lot.product), up to and including this lot"
            chart = LotHistoryChart.svg(report)
            seed = report.seed
            // The serials after their common prefix, so that the usual sample fits the page; the JSON has them whole.
            let prefix = Self.commonPrefix(report.sample)
            samplePrefix = prefix
            sample = report.sample.map { String($0.dropFirst(prefix.count)) }.joined(separator: " ")
            let inspectors = decision.inspectors.joined(separator: ", ")
            if let signed = report.signedBy {
                signOff = SignOffBlock(
                    recordedBy: "\(signed.name) (\(signed.person)), inspector, verified against the people register",
                    notes: [
                        "Decision signed by the inspector \(signed.name) (\(signed.person)) with key \(signed.keyFingerprint); "
                            + "cards inspected by \(inspectors).",
                        "Statement SHA-256 \(signed.statementDigest) (SSHSIG, namespace \(Statement.signatureNamespace)); the "
                            + "statement, its signature and the inspector's allowed_signers line are beside this report and in its JSON.",
                    ],
                    parties: ["Inspector", "Customer representative"],
                    fileSignature: "Countersigned by the bureau: " + SignOffBlock.bureauSignature(AcceptanceReportFiles.fileBase(lot.id) + ".html"))
            } else {
                signOff = SignOffBlock(
                    recordedBy: "\(report.recordedBy) (not signed by the inspector)", notes: ["Cards inspected by \(inspectors)."],
                    parties: ["Inspector", "Customer representative"],
                    fileSignature: "Countersigned by the bureau: " + SignOffBlock.bureauSignature(AcceptanceReportFiles.fileBase(lot.id) + ".html"))
            }
        }
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
