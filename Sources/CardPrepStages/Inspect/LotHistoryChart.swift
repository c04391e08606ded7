import CardPrepCore
import Foundation

/// The control chart of a customer and product's lots up to and including this one, as inline SVG: per lot the
/// nonconforming items of one defect class (the lot's major class, else its first) as a bar, green when the lot was
/// accepted and red when not; the acceptance number Ac of each lot's plan as a dashed line (accept at or below it);
/// this lot outlined and labelled; every lot's label printed under its bar; switching changes marked above.
/// Text in the SVG is escaped here: the template inserts it as it is.
enum LotHistoryChart {
    /// At most this many lots are drawn, the latest ones.
    static let maximumLots = 20

    /// The class charted for a report: major when this lot's plan has it, else its first class.
    static func chartedClass(_ report: AcceptanceReport) -> ClassDecision? {
        report.decision.classes.first { $0.defectClass == .major } ?? report.decision.classes.first
    }

    static func svg(_ report: AcceptanceReport) -> String {
        let history = Array(report.history.suffix(maximumLots))
        guard !history.isEmpty, let charted = chartedClass(report) else { return "<p>No lots decided yet.</p>" }
        let points = history.map { point -> (HistoryPointFigures) in
            let decision = point.classes?.first { $0.defectClass == charted.defectClass }
            return HistoryPointFigures(point: point, nonconforming: decision?.nonconforming ?? point.defective,
                                       acceptNumber: decision?.acceptNumber)
        }
        let width = 640.0, height = 160.0, left = 46.0, right = 70.0, top = 14.0, bottom = 44.0
        let plotHeight = height - top - bottom, plotWidth = width - left - right
        let step = plotWidth / Double(points.count)
        let highest = max(2, points.map { max($0.nonconforming, ($0.acceptNumber ?? 0) + 1) }.max() ?? 2)
        func y(_ value: Double) -> Double { top + plotHeight - plotHeight * value / Double(highest) }
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
                + "aria-label=\"Nonconforming items per lot with the acceptance number\">",
        ]
        let tickStep = max(1, Int((Double(highest) / 5).rounded(.up)))
        for tick in stride(from: 0, through: highest, by: tickStep) {
            parts.append("<line x1=\"\(left)\" y1=\(q(y(Double(tick)))) x2=\"\(left + plotWidth)\" y2=\(q(y(Double(tick)))) stroke=\"#ddd\"/>")
            parts.append("<text x=\"\(left - 4)\" y=\(q(y(Double(tick)) + 3)) font-size=\"9\" text-anchor=\"end\">\(tick)</text>")
        }
        parts.append("<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\(q(top + plotHeight)) stroke=\"#333\"/>")
        parts.append("<line x1=\"\(left)\" y1=\(q(top + plotHeight)) x2=\"\(left + plotWidth)\" y2=\(q(top + plotHeight)) stroke=\"#333\"/>")
        parts.append("<text transform=\"translate(12 \(fmt(top + plotHeight / 2))) rotate(-90)\" font-size=\"9\" text-anchor=\"middle\">"
            + "nonconforming items (\(charted.defectClass.rawValue))</text>")
        for (index, figures) in points.enumerated() {
            let x = left + Double(index) * step
            let isThis = figures.point.lotID == report.lot.id
            let barTop = y(Double(figures.nonconforming))
            let fill = figures.point.accepted ? "#2e8b57" : "#c0392b"
            let outline = isThis ? " stroke=\"#111\" stroke-width=\"2\"" : ""
            parts.append("<rect x=\(q(x + step * 0.2)) y=\(q(barTop)) width=\(q(step * 0.6)) height=\(q(top + plotHeight - barTop)) "
                + "fill=\"\(fill)\"\(outline)/>")
            parts.append("<text x=\(q(x + step / 2)) y=\(q(barTop - 3)) font-size=\"8\" text-anchor=\"middle\""
                + (figures.point.accepted ? "" : " fill=\"#a3161b\" font-weight=\"bold\"")
                + ">\(figures.nonconforming)</text>")
            if let ac = figures.acceptNumber {
                parts.append("<line x1=\(q(x)) y1=\(q(y(Double(ac)))) x2=\(q(x + step)) y2=\(q(y(Double(ac)))) stroke=\"#1f4e9c\" "
                    + "stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>")
            }
            let labelX = x + step / 2, labelY = top + plotHeight + 10 + (step < 44 && index % 2 == 1 ? 9 : 0)
            let lotLabel = label(figures.point.lotID)
            parts.append("<text x=\(q(labelX)) y=\(q(labelY)) font-size=\"7.5\" text-anchor=\"middle\""
                + (isThis ? " font-weight=\"bold\"" : "") + "><title>\(HTMLText.escape(figures.point.lotID))</title>"
                + "\(HTMLText.escape(lotLabel.batch))</text>")
            if isThis {
                parts.append("<text x=\(q(x + step / 2)) y=\(q(top - 5)) font-size=\"8\" font-weight=\"bold\" text-anchor=\"middle\">this lot</text>")
            } else if let change = figures.point.change {
                parts.append("<text x=\(q(x + step / 2)) y=\(q(top - 5)) font-size=\"9\" text-anchor=\"middle\">\(symbol(change))</text>")
            }
        }
        if let ac = points.last?.acceptNumber {
            parts.append("<text x=\(q(left + plotWidth + 4)) y=\(q(y(Double(ac)) + 3)) font-size=\"8\" fill=\"#1f4e9c\">Ac = \(ac)</text>")
            parts.append("<text x=\(q(left + plotWidth + 4)) y=\(q(y(Double(ac)) + 13)) font-size=\"7\" fill=\"#1f4e9c\">AQL \(HTMLText.escape("\(charted.aql)"))</text>")
        }
        let drops = Set(points.map { label($0.point.lotID).drop }).filter { !$0.isEmpty }.sorted()
        if !drops.isEmpty {
            parts.append("<text x=\(q(left + plotWidth + 4)) y=\(q(top + plotHeight + 10)) font-size=\"7\">lots of drop"
                + (drops.count == 1 ? "" : "s") + "</text>")
            parts.append("<text x=\(q(left + plotWidth + 4)) y=\(q(top + plotHeight + 19)) font-size=\"7\">"
                + HTMLText.escape(drops.map { String($0.prefix(8)) }.joined(separator: ", ")) + "</text>")
        }
        parts.append("<text x=\"\(left)\" y=\"\(fmt(height - 4))\" font-size=\"8\">green: accepted · red: not accepted · dashed: "
            + "Ac of the lot's plan (accept at or below) · ▲ tightened ● normal ▼ reduced ✕ stopped ↺ resumed</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private struct HistoryPointFigures {
        var point: AcceptanceReport.HistoryPoint
        var nonconforming: Int
        var acceptNumber: Int?
    }

    /// A lot's label under its bar: the part of its id after the drop's 12-digit prefix (`J01-B003`), and that prefix.
    static func label(_ lotID: String) -> (batch: String, drop: String) {
        let parts = lotID.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 12 else { return (lotID, "") }
        return (String(parts[1]), String(parts[0]))
    }

    private static func symbol(_ event: SwitchingTransition.Event) -> String {
        switch event {
        case .switchedToTightened: "▲"
        case .switchedToNormal: "●"
        case .switchedToReduced: "▼"
        case .discontinued: "✕"
        case .resumed: "↺"
        }
    }

    private static func q(_ value: Double) -> String { "\"" + fmt(value) + "\"" }
    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
