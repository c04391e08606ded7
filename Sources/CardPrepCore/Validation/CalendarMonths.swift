/// Month arithmetic for validity checks: card expiry months (`YYMM`) and validity periods.
extension CalendarDate {
    /// The same day `months` months later (or earlier), clamped to the last day of a shorter month.
    func advanced(byMonths months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12
        let newMonth = index % 12 + 1
        var newDay = day
        while CalendarDate(year: newYear, month: newMonth, day: newDay) == nil, newDay > 28 { newDay -= 1 }
        return CalendarDate(year: newYear, month: newMonth, day: newDay) ?? self
    }

    /// The month index (year × 12 + month − 1), for counting whole months between dates.
    var monthIndex: Int { year * 12 + month - 1 }
}

/// A bank card's expiry month, written `YYMM` on the card; the card is valid to the month's end.
struct ExpiryMonth: Equatable {
    /// The month index (year × 12 + month − 1).
    let monthIndex: Int

    /// Parses `YYMM` (years 2000–2099); `nil` for any other shape or month 00 or past 12.
    init?(_ text: String) {
        guard text.utf8.count == 4 else { return nil }
        var digits = 0
        for byte in text.utf8 {
            guard (0x30...0x39).contains(byte) else { return nil }
            digits = digits * 10 + Int(byte - 0x30)
        }
        let (yy, mm) = digits.quotientAndRemainder(dividingBy: 100)
        guard (1...12).contains(mm) else { return nil }
        monthIndex = (2000 + yy) * 12 + mm - 1
    }
}
