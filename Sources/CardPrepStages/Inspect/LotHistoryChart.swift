import CardPrepCore
import Foundation

/// The inline SVG chart of a customer and product's recent lots: a bar per lot for its defective cards
/// (green accepted, red not accepted), a band per lot for the severity it was inspected under, and a
/// marker where the switching rules changed the severity.
enum LotHistoryChart {
    static func svg(_ history: [AcceptanceReport.HistoryPoint]) -> String {
        guard !history.isEmpty else { return "<p>No lots decided yet.</p>" }
        let width = 640.0, height = 220.0, left = 40.0, bottom = 40.0, top = 20.0
        let plotHeight = height - bottom - top
        let step = (width - left - 10) / Double(history.count)
        let maxDefects = max(1, history.map(\.defective).max() ?? 1)
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
                + "aria-label=\"Defective cards per lot and inspection severity\">",
            "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#333\"/>",
            "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#333\"/>",
            "<text x=\"4\" y=\"\(top + 4)\" font-size=\"9\">\(maxDefects)</text>",
            "<text x=\"4\" y=\"\(height - bottom)\" font-size=\"9\">0</text>",
        ]
        for (index, point) in history.enumerated() {
            let x = left + Double(index) * step
            let barHeight = plotHeight * Double(point.defective) / Double(maxDefects)
            parts.append("<rect x=\"\(fmt(x + step * 0.15))\" y=\"\(fmt(height - bottom - barHeight))\" width=\"\(fmt(step * 0.7))\" "
                + "height=\"\(fmt(barHeight))\" fill=\"\(point.accepted ? "#2e8b57" : "#c0392b")\"><title>\(AcceptanceReportHTML.escape(point.lotID)): "
                + "\(point.defective) of \(point.inspected)</title></rect>")
            parts.append("<rect x=\"\(fmt(x))\" y=\"\(fmt(height - bottom + 4))\" width=\"\(fmt(step))\" height=\"8\" "
                + "fill=\"\(color(point.severity))\"/>")
            if let change = point.change {
                parts.append("<text x=\"\(fmt(x + step / 2))\" y=\"\(fmt(top - 6))\" font-size=\"9\" text-anchor=\"middle\">"
                    + "\(symbol(change))</text>")
            }
        }
        parts.append("<text x=\"\(left)\" y=\"\(height - 8)\" font-size=\"9\">severity band: "
            + "normal (grey), tightened (orange), reduced (blue); ▲ tightened ● normal ▼ reduced ✕ discontinued ↺ resumed</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func color(_ severity: InspectionSeverity) -> String {
        switch severity {
        case .normal: "#9e9e9e"
        case .tightened: "#e67e22"
        case .reduced: "#3498db"
        }
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

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
