import CardPrepCore
import Foundation

/// The reconciliation chart as inline SVG: per branch and product one bar of the cards delivered (good cards when
/// nothing is delivered yet) against the ordered quantity, drawn as a line at 100 %; a line that falls short is red and
/// labelled with how many cards it lacks, the others green. Text is escaped here: the template inserts it as it is.
enum ShortfallChart {
    static func svg(_ branches: [ReconcileReport.BranchFigures], delivered: Bool) -> String {
        guard !branches.isEmpty else { return "" }
        let rowHeight = 18.0, labelWidth = 170.0, width = 640.0, right = 130.0
        let plotWidth = width - labelWidth - right
        let height = Double(branches.count) * rowHeight + 34
        let highest = max(1.0, branches.map { Self.share($0, delivered: delivered) }.max() ?? 1)
        let scale = plotWidth / max(1.0, highest)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"cards \(delivered ? "delivered" : "made good") against the order, per branch and product\">\n"
        for (index, figures) in branches.enumerated() {
            let y = Double(index) * rowHeight + 4
            let value = delivered ? figures.delivered : figures.good
            let short = value < figures.ordered
            let length = Self.share(figures, delivered: delivered) * scale
            svg += "<text x=\"0\" y=\"\(fmt(y + 11))\" font-size=\"9\">\(HTMLText.escape(figures.branch + " · " + figures.product))</text>"
            svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 2))\" width=\"\(fmt(length))\" height=\"12\" "
                + "fill=\"\(short ? "#c0392b" : "#2e8b57")\"/>"
            let note = short ? "short \(figures.ordered - value): \(value) of \(figures.ordered)" : "\(value) of \(figures.ordered)"
            svg += "<text x=\"\(fmt(labelWidth + plotWidth + 6))\" y=\"\(fmt(y + 11))\" font-size=\"9\""
                + (short ? " fill=\"#a3161b\" font-weight=\"bold\"" : "") + ">\(short ? "◀ " : "")\(note)</text>\n"
        }
        let full = labelWidth + scale
        let bottom = Double(branches.count) * rowHeight + 6
        svg += "<line x1=\"\(fmt(full))\" y1=\"2\" x2=\"\(fmt(full))\" y2=\"\(fmt(bottom))\" stroke=\"#111\" stroke-dasharray=\"3 2\"/>"
        svg += "<text x=\"\(fmt(full))\" y=\"\(fmt(bottom + 10))\" font-size=\"8\" text-anchor=\"middle\">ordered (100 %)</text>"
        svg += "<text x=\"0\" y=\"\(fmt(bottom + 24))\" font-size=\"8\">bars: cards \(delivered ? "delivered" : "made good (nothing delivered yet)") "
            + "as a share of the ordered quantity · red: the line falls short</text>\n"
        return svg + "</svg>\n"
    }

    private static func share(_ figures: ReconcileReport.BranchFigures, delivered: Bool) -> Double {
        let value = delivered ? figures.delivered : figures.good
        return figures.ordered == 0 ? (value > 0 ? 1 : 0) : Double(value) / Double(figures.ordered)
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
