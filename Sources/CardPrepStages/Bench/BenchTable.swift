import Foundation

/// The people's view of a `BenchReport`: a fixed-width table of the stages (wall and CPU time), the floor and the ratio.
public enum BenchTable {
    /// Renders `report` as lines of text.
    /// - Parameter report: the measurements.
    /// - Returns: the table, ending in a newline.
    public static func render(_ report: BenchReport) -> String {
        var rows: [[String]] = [["stage", "seconds", "CPU s", "CPU µs/card", "cards/s", "MB/s", "peak RSS"]]
        for stage in report.stages {
            rows.append([stage.name, seconds(stage.seconds), seconds(stage.cpuSeconds), decimal(stage.cpuMicrosecondsPerCard),
                         count(stage.cardsPerSecond), decimal(stage.mbPerSecond), mebibytes(stage.peakRSSBytes)])
        }
        rows.append(["pipeline", seconds(report.pipelineSeconds), seconds(report.pipelineCPUSeconds),
                     decimal(report.cards > 0 ? report.pipelineCPUSeconds * 1e6 / Double(report.cards) : 0),
                     count(BenchReport.rate(Double(report.cards), over: report.pipelineSeconds)),
                     decimal(BenchReport.rate(Double(report.plaintextBytes) / 1_000_000, over: report.pipelineSeconds)),
                     mebibytes(report.peakRSSBytes)])
        var text = "\(count(Double(report.cards))) cards, \(decimal(Double(report.plaintextBytes) / 1_000_000)) MB of card data\n\n"
        text += layout(rows)
        text += "\n"
        var floorRows: [[String]] = [["floor", "seconds"]]
        for item in report.floor { floorRows.append([item.name, seconds(item.seconds)]) }
        floorRows.append(["floor total", seconds(report.floorSeconds)])
        text += layout(floorRows)
        text += "\nratio pipeline ÷ floor: \(String(format: "%.2f", report.ratio))\n"
        return text
    }

    /// Left-aligns the first column and right-aligns the others, with a rule under the heading.
    static func layout(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
            lines.append(cells.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }

    static func decimal(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A whole number with thousands separators (1,000,000).
    static func count(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 && character != "-" { grouped.append(",") }
            grouped.append(character)
        }
        return String(grouped.reversed())
    }

    static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}
