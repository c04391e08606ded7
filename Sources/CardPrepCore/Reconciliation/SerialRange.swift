/// A range of production serials (chip or card serials, never card numbers): one serial, or `first-last` with
/// the same letters in front and as many digits, e.g. `CS000101-CS000150`. A serial is letters and digits and
/// ends in digits.
public struct SerialRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The letters and digits before the counting digits.
    public var prefix: String
    /// The first and last number of the range, inclusive.
    public var first: Int, last: Int
    /// How many counting digits a serial has, zero-padded.
    public var width: Int

    /// Reads `first-last` or a single serial; nil when the text is not a range of serials.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let low = Self.split(parts[0]) else { return nil }
        let high = parts.count == 2 ? Self.split(parts[1]) : low
        guard let high, high.prefix == low.prefix, high.digits.count == low.digits.count,
              let first = Int(low.digits), let last = Int(high.digits), first <= last else { return nil }
        self.prefix = low.prefix; self.first = first; self.last = last; self.width = low.digits.count
    }

    /// The range of one serial.
    public init?(serial: String) {
        guard let parts = Self.split(serial), let number = Int(parts.digits) else { return nil }
        prefix = parts.prefix; first = number; last = number; width = parts.digits.count
    }

    /// How many serials the range holds.
    public var count: Int { last - first + 1 }

    /// Whether `serial` is in the range.
    public func contains(_ serial: String) -> Bool {
        guard let parts = Self.split(serial), parts.prefix == prefix, parts.digits.count == width,
              let number = Int(parts.digits) else { return false }
        return (first...last).contains(number)
    }

    /// `first-last`, or the one serial.
    public var description: String {
        first == last ? serial(first) : serial(first) + "-" + serial(last)
    }

    /// The serial with number `number` in this range's shape.
    public func serial(_ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Collapses serials into the fewest ranges, in order; serials not of the serial shape stand alone.
    public static func ranges(of serials: [String]) -> [String] {
        var result: [SerialRange] = []
        var loose: [String] = []
        for serial in serials.sorted() {
            guard let range = SerialRange(serial: serial) else { loose.append(serial); continue }
            if var previous = result.last, previous.prefix == range.prefix, previous.width == range.width,
               previous.last + 1 == range.first {
                previous.last = range.first
                result[result.count - 1] = previous
            } else { result.append(range) }
        }
        return result.map(\.description) + loose
    }

    private static func split(_ serial: String) -> (prefix: String, digits: String)? {
        guard !serial.isEmpty, serial.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        else { return nil }
        let digits = String(serial.reversed().prefix { $0.isNumber }.reversed())
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        return (String(serial.dropLast(digits.count)), digits)
    }
}
