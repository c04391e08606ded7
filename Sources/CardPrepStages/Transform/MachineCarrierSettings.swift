import CardPrepCore

/// The carrier keys of a machine profile: whether the machine has an inline carrier printer, its address block and
/// the match key printed on card and carrier.
///
/// ```yaml
/// carrier_printer: true
/// carrier_line_length: 40          # default 40
/// carrier_lines: 6                 # default 6, the name line included
/// carrier_country: true            # default false: the ISO 3166-1 country code ends the block (mail abroad)
/// match_key: [job, sequence, last4]
/// ```
enum MachineCarrierSettings {
    /// The keys read here.
    static let keys: Set<String> = ["carrier_printer", "carrier_line_length", "carrier_lines", "carrier_country", "match_key"]

    /// Reads the carrier keys.
    /// - Returns: the carrier layout (nil without a carrier printer) and the match key.
    /// - Throws: `ConfigurationError` for a bad value, or carrier keys on a machine without a carrier printer.
    static func read(_ root: inout ConfigurationMapping) throws(ConfigurationError) -> (CarrierLayout?, CarrierMatchKey) {
        let printer = try root.optionalBool("carrier_printer") ?? false
        var layout = CarrierLayout()
        if let length = try root.optionalInt("carrier_line_length") {
            guard (10...120).contains(length) else { throw root.error("carrier_line_length", "must be between 10 and 120") }
            layout.lineMaximumLength = length
        }
        if let lines = try root.optionalInt("carrier_lines") {
            guard (2...12).contains(lines) else { throw root.error("carrier_lines", "must be between 2 and 12") }
            layout.maximumLines = lines
        }
        layout.includesCountry = try root.optionalBool("carrier_country") ?? false
        var key = CarrierMatchKey()
        if let parts = try root.stringList("match_key") {
            var chosen: [CarrierMatchKey.Part] = []
            for text in parts {
                guard let part = CarrierMatchKey.Part(rawValue: text) else {
                    let known = CarrierMatchKey.Part.allCases.map(\.rawValue).joined(separator: ", ")
                    throw root.error("match_key", "'\(text)' is not one of \(known)")
                }
                chosen.append(part)
            }
            guard chosen.contains(.sequence) || chosen.contains(.record) else {
                throw root.error("match_key", "needs sequence or record, or two cards of a job would share a key")
            }
            key = CarrierMatchKey(parts: chosen)
        }
        if !printer {
            for name in keys.sorted() where name != "carrier_printer" && root.has(name) {
                throw root.error(name, "only a machine with carrier_printer: true prints carriers")
            }
        }
        return (printer ? layout : nil, key)
    }
}
