import CardPrepCore

extension CalendarDate {
    /// The date `months` later (earlier when negative), the day clamped to the target month's length.
    func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let (y, m) = (total / 12, total % 12 + 1)
        var d = day
        while CalendarDate(year: y, month: m, day: d) == nil { d -= 1 }
        return CalendarDate(year: y, month: m, day: d)!
    }

    /// The date `days` later.
    func adding(days: Int) -> CalendarDate {
        var date = self
        for _ in 0..<days {
            if let next = CalendarDate(year: date.year, month: date.month, day: date.day + 1) { date = next }
            else if let next = CalendarDate(year: date.year, month: date.month + 1, day: 1) { date = next }
            else { date = CalendarDate(year: date.year + 1, month: 1, day: 1)! }
        }
        return date
    }

    /// The date as a card expiry, `YYMM`.
    var yymm: String { String(format: "%02d%02d", year % 100, month) }
}
