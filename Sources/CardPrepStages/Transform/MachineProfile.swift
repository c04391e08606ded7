import CardPrepCore
import CardPrepCrypto
import Foundation

/// A production machine's profile (`Pipelines/machines/<machine>.yml`): what kind of station it is, the
/// layout its job files are written in, the characters it can put on a card, how many cards go in a tray,
/// and the key its job files are encrypted to.
///
/// ```yaml
/// machine: embosser-1
/// station: embosser            # embosser, laser-engraver or chip-encoder
/// layout: emboss-text          # emboss-text, laser-csv, chip-tlv or chip-cps
/// character_set: iso7811       # iso7811 (A-Z 0-9 space . - / ') or unicode (laser engravers that can)
/// tray_size: 500
/// encodes_chip: true           # an embosser with an inline chip encoder: the EMV data goes in the same job
/// carrier_printer: true        # an inline carrier printer: the job carries each card's carrier lines and match key
/// carrier_line_length: 40      # the carrier's address block: characters a line, lines, country line
/// carrier_lines: 6
/// carrier_country: false
/// match_key: [job, sequence, last4]   # printed on card and carrier: job, batch, sequence, record, last4
/// recipients: ["age1…"]        # the station's age recipients
/// ```
public struct MachineProfile: Sendable {
    /// The layouts job files can be written in.
    public enum Layout: String, Sendable, CaseIterable {
        case embossText = "emboss-text"
        case laserCSV = "laser-csv"
        case chipTLV = "chip-tlv"
        /// EMV CPS data groupings for chip encoders (see `ChipCPSLayout`).
        case chipCPS = "chip-cps"

        /// The job file's extension before `.age`.
        var fileExtension: String { self == .laserCSV ? "csv" : "txt" }
    }

    public var id: String
    public var station: JobManifest.StationKind
    public var layout: Layout
    /// Whether names may keep characters outside the ISO 7811 embossing set (laser engraving only).
    public var unicodeNames: Bool
    public var traySize: Int
    /// Whether an embosser also encodes the chip in the same pass (one job, one card, three personalisations).
    public var encodesChip: Bool
    public var recipients: [any AgeRecipient]
    /// The inline carrier printer's layout, or nil when the machine prints no carriers.
    public var carrier: CarrierLayout? = nil
    /// The key printed on each card and its carrier to pair them.
    public var matchKey = CarrierMatchKey()

    /// Reads a profile file.
    /// - Throws: `ConfigurationError` naming the line of the first mistake.
    public static func load(path: String) throws(ConfigurationError) -> MachineProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, reason: "cannot read the file")
        }
        var root = try ConfigurationMapping.parse(text: String(decoding: data, as: UTF8.self), file: path)
        try root.expectOnly(Set(["machine", "station", "layout", "character_set", "tray_size", "encodes_chip", "recipients"])
            .union(MachineCarrierSettings.keys))
        let id = try root.string("machine")
        let stationText = try root.string("station")
        guard let station = JobManifest.StationKind(rawValue: stationText) else {
            throw root.error("station", "'\(stationText)' is not embosser, laser-engraver or chip-encoder")
        }
        let layoutText = try root.string("layout")
        guard let layout = Layout(rawValue: layoutText) else {
            throw root.error("layout", "'\(layoutText)' is not one of \(Layout.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let charset = try root.optionalString("character_set") ?? "iso7811"
        guard charset == "iso7811" || charset == "unicode" else { throw root.error("character_set", "'\(charset)' is not iso7811 or unicode") }
        guard charset == "iso7811" || station == .laserEngraver else {
            throw root.error("character_set", "only laser engravers can write unicode names")
        }
        let tray = try root.optionalInt("tray_size") ?? 500
        guard tray >= 1 else { throw root.error("tray_size", "must be at least 1") }
        let encodesChip = try root.optionalBool("encodes_chip") ?? false
        guard !encodesChip || station == .embosser else { throw root.error("encodes_chip", "only an embosser can have an inline chip encoder") }
        var recipients: [any AgeRecipient] = []
        for text in try root.stringList("recipients") ?? [] {
            do { recipients += try AgeKeyText.recipients(parsing: text) } catch {
                throw root.error("recipients", "not an age recipient: \(error)")
            }
        }
        guard !recipients.isEmpty else { throw root.error("recipients", "at least one age recipient is required") }
        let carrier = try MachineCarrierSettings.read(&root)
        try root.rejectUnknownKeys()
        var profile = MachineProfile(id: id, station: station, layout: layout, unicodeNames: charset == "unicode", traySize: tray,
                                     encodesChip: encodesChip, recipients: recipients)
        (profile.carrier, profile.matchKey) = carrier
        return profile
    }

    /// The profile `id` in `folder`.
    /// - Throws: `ConfigurationError` when it is missing or wrong.
    public static func find(_ id: String, in folder: String) throws(ConfigurationError) -> MachineProfile {
        let path = folder + "/" + id + ".yml"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, reason: "no machine profile '\(id)'")
        }
        let profile = try load(path: path)
        guard profile.id == id else { throw ConfigurationError(file: path, line: nil, reason: "profile is for '\(profile.id)', not '\(id)'") }
        return profile
    }

    /// What the station needs made for each card.
    var personalisation: PersonalisationSettings {
        var settings =
            switch station {
            case .embosser: PersonalisationSettings(magneticStripe: true, chip: encodesChip ? ChipSettings() : nil)
            case .laserEngraver: PersonalisationSettings(emboss: EmbossLayout(laserEngravesUnicodeNames: unicodeNames))
            case .chipEncoder: PersonalisationSettings(chip: ChipSettings())
            }
        if let carrier {
            settings.carrier = carrier
            settings.printsCarriers = true
        }
        return settings
    }
}
