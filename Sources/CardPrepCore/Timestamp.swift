import Foundation

/// The one way CardPrep writes times: ISO 8601, UTC, milliseconds.
public enum Timestamp {
    /// `time` as `2026-11-22T19:15:00.000Z`.
    public static func iso8601(_ time: Date) -> String {
        time.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// `time` as `20261122T191500Z`, for file and folder names.
    public static func compact(_ time: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: time)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
