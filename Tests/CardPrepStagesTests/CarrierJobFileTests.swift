import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

/// Carriers in job files: a machine with a carrier printer gets each card's carrier lines with the address and the
/// same match key for card and carrier, in every layout; names keep what the machine's character set holds.
@Suite struct CarrierJobFileTests {
    static let record = CardDataRecord(
        recordNumber: 5, orderLine: 1, productCode: "DEBIT", branchCode: "HQ", cardNumber: "4111110000001234",
        expiry: "2812", cardholderName: "JANE DOE", serviceCode: "201", holderType: "", validFrom: "", validUntil: "")
    static let branch = PostalAddress(street: ["1 Harbour Road"], city: "Northport", postalCode: "10000", country: "GB")

    static func machine(_ layout: MachineProfile.Layout, carrier: CarrierLayout?) -> MachineProfile {
        let station: JobManifest.StationKind =
            switch layout {
            case .embossText: .embosser
            case .laserCSV: .laserEngraver
            case .chipTLV, .chipCPS: .chipEncoder
            }
        return MachineProfile(
            id: "m-1", station: station, layout: layout, unicodeNames: layout == .laserCSV, traySize: 10, encodesChip: false,
            recipients: [], carrier: carrier)
    }

    /// The fields of `line` in `layout` (the test's values hold no separator or quote).
    static func fields(_ line: String, _ layout: MachineProfile.Layout) -> [String] {
        line.dropLast().split(separator: layout == .laserCSV ? "," : "|", omittingEmptySubsequences: false).map(String.init)
    }

    @Test(arguments: MachineProfile.Layout.allCases)
    func carrierLinesAndTheSameMatchKeyOnCardAndCarrier(layout: MachineProfile.Layout) throws {
        let plain = Self.machine(layout, carrier: nil)
        let withCarrier = Self.machine(layout, carrier: CarrierLayout(maximumLines: 5))
        let carrier = CarrierAddress(Self.branch, layout: withCarrier.personalisation.carrier)
        func line(_ machine: MachineProfile) throws -> String {
            var bytes: [UInt8] = []
            try JobLineEncoder(machine: machine, job: "J-7").appendLine(
                for: Self.record, carrierAddress: carrier, sequence: 42, batch: "B-1", to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let base = Self.fields(try line(plain), layout)
        let fields = Self.fields(try line(withCarrier), layout)
        #expect(Array(fields.prefix(base.count)) == base, "the card's own fields are unchanged")
        #expect(fields.count == base.count + 2 + 5)
        let cardKey = fields[base.count]
        let carrierKey = fields[base.count + 1]
        #expect(cardKey == "J-7-000042-1234")
        #expect(carrierKey == cardKey)
        #expect(Array(fields.suffix(5)) == ["JANE DOE", "1 Harbour Road", "10000 Northport", "", ""])
        if layout == .laserCSV {
            let header = JobFileLayout.header(job: "J-7", machine: withCarrier, cards: 1, settings: withCarrier.personalisation).split(separator: "\n")[1]
            #expect(header.split(separator: ",").count == fields.count)
            #expect(header.contains("card_match_key,carrier_match_key,carrier_line_1"))
        }
    }

    @Test func cardholderAddressReplacesTheBranchAddress() throws {
        var record = Self.record
        record.address = PostalAddress(street: ["7 Quay Lane"], city: "Dublin", postalCode: "D02 X285", country: "IE")
        let machine = Self.machine(.embossText, carrier: CarrierLayout(includesCountry: true))
        var bytes: [UInt8] = []
        try JobLineEncoder(machine: machine, job: "J-7").appendLine(
            for: record, carrierAddress: CarrierAddress(Self.branch, layout: CarrierLayout(includesCountry: true)), sequence: 1,
            batch: "B-1", to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("|JANE DOE|7 Quay Lane|D02 X285 Dublin|IE||\n"))
        #expect(!text.contains("Harbour"))
    }

    @Test func machineProfileReadsCarrierKeysAndRefusesThemWithoutAPrinter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carrier-profile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let recipient = "recipients: [\"\(LimitDrop.stationRecipient)\"]\n"
        func load(_ text: String) throws(ConfigurationError) -> MachineProfile {
            let path = folder + "/m.yml"
            try? (text + recipient).write(toFile: path, atomically: true, encoding: .utf8)
            return try MachineProfile.load(path: path)
        }
        let profile = try load(
            "machine: m\nstation: embosser\nlayout: emboss-text\ncarrier_printer: true\ncarrier_lines: 5\nmatch_key: [batch, sequence]\n")
        #expect(profile.carrier == CarrierLayout(maximumLines: 5))
        #expect(profile.matchKey == CarrierMatchKey(parts: [.batch, .sequence]))
        #expect(profile.personalisation.printsCarriers)
        #expect(try load("machine: m\nstation: embosser\nlayout: emboss-text\n").carrier == nil)
        do {
            _ = try load("machine: m\nstation: embosser\nlayout: emboss-text\ncarrier_lines: 5\n")
            Issue.record("carrier keys without a carrier printer were accepted")
        } catch {
            #expect(error.description.contains("carrier_lines"))
        }
        do {
            _ = try load("machine: m\nstation: embosser\nlayout: emboss-text\ncarrier_printer: true\nmatch_key: [job, pan]\n")
            Issue.record("an unknown match key part was accepted")
        } catch {
            #expect(error.description.contains("'pan' is not one of"))
        }
    }

    /// Version 2 card data through validate and transform: names in parts, the cardholder's own address, laser
    /// engravers that keep accents and CJK, embossers that transliterate.
    @Test func versionTwoDropThroughValidateAndTransform() throws {
        typealias Case = LimitDrop.Case
        let quay = PostalAddress(street: ["7 Quay Lane"], city: "Northport", postalCode: "10001", country: "GB")
        let cases = [
            Case(note: "parts", product: .chipDebit, nameParts: ("van der Berg", "Mary-Jane")),
            Case(note: "own address", product: .chipDebit, nameParts: ("Doe", "Jane"), address: quay),
            Case(note: "accents on the laser", product: .accessAnyScript, nameParts: ("MURPHY", "SIOBHÁN")),
            Case(note: "Polish on the laser", product: .accessAnyScript, nameParts: ("Nowak", "Łukasz")),
            Case(note: "accents on the embosser", product: .stripeDebit, nameParts: ("MURPHY", "SIOBHÁN")),
            Case(note: "no surname", product: .chipDebit, rejectedFor: .nameParts, nameParts: ("", "Mary-Jane")),
            Case(
                note: "own address, too long for the carrier", product: .chipDebit, rejectedFor: .carrierAddress,
                nameParts: ("Doe", "John"),
                address: PostalAddress(street: ["Unit 14 Riverside Industrial Estate North"], city: "Northport", postalCode: "1",
                                       country: "GB")),
            Case(note: "own address instead of the branch's, too long", product: .chipDebit, branch: "BR02",
                 nameParts: ("Roe", "Richard"), address: quay),
        ]
        let fixture = try IngestFixture(customers: 1, cards: 4, stages: ["ingest", "validate", "transform"])
        _ = try LimitDrop(cases, in: fixture, today: CalendarDate(utc: Date()), formatVersion: 2)
        let report = try fixture.run()
        #expect(report.failures.isEmpty, "\(report.failures.map(\.failure.error))")
        let work = try #require(try fixture.ledger().drops().first).workPath
        let summary = try ValidationSummary.load(workPath: work)
        #expect(Set(summary.rejectedRecords) == [6, 7])
        let manifest = try JSONDecoder().decode(JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: work + "/jobs/jobs.json")))
        var jobs: [String: String] = [:]
        for job in manifest.jobs { jobs[job.machine] = try fixture.jobText(job) }
        let embosser = try #require(jobs["embosser-1"])
        #expect(embosser.contains("^VAN DER BERG/MARY-JANE^"))
        #expect(embosser.contains("|MARY-JANE VAN DER BERG|"))
        #expect(embosser.contains("|Jane Doe|7 Quay Lane|10001 Northport|"), "the cardholder's own address on the carrier")
        #expect(embosser.contains("|Richard Roe|7 Quay Lane|10001 Northport|"), "the branch's address, too long, is not used")
        let laser = try #require(jobs["laser-1"])
        #expect(laser.contains(",SIOBHÁN MURPHY,"))
        #expect(laser.contains(",Łukasz Nowak,"))
        let stripe = try #require(jobs["embosser-2"])
        #expect(stripe.contains("|SIOBHAN MURPHY|"))
        #expect(stripe.contains("^MURPHY/SIOBHAN^"))
        // Every card line of a carrier printer has the same match key for the card and for the carrier.
        for job in manifest.jobs where job.machine != "chip-encoder-1" {
            let text = try #require(jobs[job.machine])
            let separator: Character = job.layout == "laser-csv" ? "," : "|"
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("seq,") {
                // `<job>-<sequence, 6 digits>-<last four digits>`; the batch field `<job>-B001` is not one.
                let keys = line.split(separator: separator, omittingEmptySubsequences: false).filter { field in
                    let rest = field.split(separator: "-").suffix(2)
                    return field.hasPrefix(job.id + "-") && rest.map(\.count) == [6, 4] && rest.allSatisfy { $0.allSatisfy(\.isNumber) }
                }
                #expect(keys.count == 2 && keys.first == keys.last, "\(job.machine): \(keys)")
            }
        }
        #expect(!(jobs["chip-encoder-1"] ?? "").contains("Quay"), "the chip encoder prints no carriers")
    }
}
