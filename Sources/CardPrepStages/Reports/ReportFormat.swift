import Foundation

/// The one place numbers, counts and times are put into words for the reports people read and sign: percentages
/// with two decimals ("97.60 %"), counts with the noun agreeing ("1 discrepancy", "3 discrepancies") and times to the
/// minute in UTC ("2026-11-29 14:03 UTC").
public enum ReportFormat {
    /// A percentage given on the 0–100 scale, with two decimals: `97.6` → "97.60 %".
    public static func percent(_ percent: Double) -> String {
        String(format: "%.2f %%", percent)
    }

    /// `part` of `whole` as a percentage: `(976, 1000)` → "97.60 %"; "–" for an empty whole.
    public static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : percent(Double(part) * 100 / Double(whole))
    }

    /// A count and its noun: `count(1, "discrepancy", "discrepancies")` → "1 discrepancy".
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(grouped(count)) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// An integer with thin groups of three: `12000` → "12,000".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A time to the minute in UTC: "2026-11-29 14:03 UTC".
    public static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    /// An ISO 8601 time as the reports print it ("2026-11-29 14:03 UTC"); text that is not a time is returned as it is.
    public static func time(_ iso8601: String) -> String {
        let characters = Array(iso8601)
        guard characters.count >= 16, characters[10] == "T", characters[13] == ":", iso8601.hasSuffix("Z") else { return iso8601 }
        return String(characters[0..<10]) + " " + String(characters[11..<16]) + " UTC"
    }

    /// A date alone: "2026-11-29".
    public static func day(_ iso8601: String) -> String {
        let text = time(iso8601)
        return text == iso8601 ? iso8601 : String(text.prefix(10))
    }
}
