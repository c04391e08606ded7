import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

/// What validation accepts, transform can produce: a drop whose records sit at and just past the limits of every
/// kind of machine goes through validate and transform. Every record is either rejected at validation with its
/// reason, or written to the job file of every machine its product goes to; transform refuses none.
@Suite struct ValidateTransformLimitsTests {
    typealias Case = LimitDrop.Case

    static let name40 = "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ ROSS"
    static let name41 = "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ ROSSI"
    static let thisMonth = CalendarDate(utc: Date()).yymm
    static let nextMonth = CalendarDate(utc: Date()).adding(months: 1).yymm

    static let cases: [Case] = [
        // Embossed with stripe and chip on embosser-1, and encoded on chip-encoder-1.
        Case(note: "an ordinary debit card", product: .chipDebit),
        Case(note: "19 digits: the longest number line, tracks and tag 57", product: .chipDebit, digits: 19),
        Case(note: "20 digits", product: .chipDebit, digits: 20, rejectedFor: .panLength),
        Case(note: "27 characters fill the emboss line", product: .chipDebit, name: "WILHELMINA ABERNATHY-SMYTHE"),
        Case(note: "28 characters, abbreviated", product: .chipDebit, name: "WILHELMINA ABERNATHY-SMYTHES"),
        Case(note: "40 characters fill the carrier line", product: .chipDebit, name: name40),
        Case(note: "41 characters overflow the carrier line", product: .chipDebit, name: name41, rejectedFor: .nameTooLong),
        Case(note: "accents, transliterated", product: .chipDebit, name: "SIOBHÁN ÅSTRÖM"),
        Case(note: "a name that doubles once transliterated", product: .chipDebit, name: String(repeating: "ß", count: 20)),
        Case(note: "Chinese characters on an embosser", product: .chipDebit, name: "王小明", rejectedFor: .nameNotTransliterable),
        Case(note: "Cyrillic on an embosser", product: .chipDebit, name: "Дмитрий Иванов", rejectedFor: .nameNotTransliterable),
        Case(note: "a branch whose street fills the carrier line", product: .chipDebit, branch: "BR01"),
        Case(
            note: "a branch whose street overflows the carrier line", product: .chipDebit, branch: "BR02",
            rejectedFor: .carrierAddress),
        Case(note: "no service code for stripe and chip", product: .chipDebit, serviceCode: "", rejectedFor: .serviceCode),
        Case(note: "no expiry for stripe and chip", product: .chipDebit, expiry: "", rejectedFor: .expiryInvalid),
        Case(note: "a card that expires this month", product: .chipDebit, expiry: thisMonth, rejectedFor: .validityTooShort),
        Case(note: "a card that expires next month", product: .chipDebit, expiry: nextMonth),
        Case(note: "a card number in groups with spaces", product: .chipDebit, rejectedFor: .panSeparators, spacedNumber: true),
        // Embossed with a stripe on embosser-2.
        Case(note: "an ordinary stripe card", product: .stripeDebit),
        Case(note: "19 digits on a stripe card", product: .stripeDebit, digits: 19),
        Case(note: "Chinese characters on a stripe card", product: .stripeDebit, name: "张伟", rejectedFor: .nameNotTransliterable),
        Case(note: "41 characters on a stripe card", product: .stripeDebit, name: name41, rejectedFor: .nameTooLong),
        // Laser-engraved in any script on laser-1.
        Case(note: "an ordinary access card", product: .accessAnyScript, name: "JEAN-LUC DUBOIS"),
        Case(note: "Chinese characters engraved as written", product: .accessAnyScript, name: "王小明"),
        Case(note: "27 Chinese characters fill the line", product: .accessAnyScript, name: String(repeating: "王", count: 27)),
        Case(
            note: "28 Chinese characters overflow it", product: .accessAnyScript, name: String(repeating: "王", count: 28),
            rejectedFor: .nameTooLong),
        Case(note: "Hangul engraved as written", product: .accessAnyScript, name: "김민준"),
        Case(note: "accents engraved as written", product: .accessAnyScript, name: "SIOBHÁN Łukasz"),
        Case(note: "a card number with spaces on an access card", product: .accessAnyScript, rejectedFor: .panSeparators,
             spacedNumber: true),
        Case(note: "40 characters on an access card", product: .accessAnyScript, name: name40),
        Case(note: "41 characters on an access card", product: .accessAnyScript, name: name41, rejectedFor: .nameTooLong),
        Case(
            note: "an expiry that is no month on an access card", product: .accessAnyScript, expiry: "2613",
            rejectedFor: .expiryInvalid),
        Case(note: "19 digits on an access card", product: .accessAnyScript, digits: 19),
        Case(
            note: "an access card for the branch whose street is too long", product: .accessAnyScript, branch: "BR02",
            rejectedFor: .carrierAddress),
        // Laser-engraved in ISO 7811 characters on laser-2.
        Case(note: "an ordinary card on the Latin laser", product: .accessLatin, name: "JEAN-LUC DUBOIS"),
        Case(
            note: "the Latin laser prints no carriers: a branch address too long for one does not matter", product: .accessLatin,
            branch: "BR02"),
        Case(note: "28 characters, abbreviated by the Latin laser", product: .accessLatin, name: "WILHELMINA ABERNATHY-SMYTHES"),
        Case(note: "accents on the Latin laser", product: .accessLatin, name: "SØREN ÅSTRÖM"),
        Case(
            note: "Chinese characters on the Latin laser", product: .accessLatin, name: "王小明", rejectedFor: .nameNotTransliterable
        ),
        Case(
            note: "Cyrillic on the Latin laser", product: .accessLatin, name: "Дмитрий Иванов",
            rejectedFor: .nameNotTransliterable),
    ]

    @Test func everyRecordIsRejectedWithItsReasonOrProducedOnEveryMachine() throws {
        let fixture = try IngestFixture(customers: 1, cards: 4, stages: ["ingest", "validate", "transform"])
        let drop = try LimitDrop(Self.cases, in: fixture, today: CalendarDate(utc: Date()))
        let report = try fixture.run()
        #expect(report.failures.isEmpty, "\(report.failures.map(\.failure.error))")
        #expect(report.transform?.manifests.count == 1)
        let work = try #require(try fixture.ledger().drops().first).workPath
        let summary = try ValidationSummary.load(workPath: work)
        #expect(summary.decision == .produce)

        let document = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: work + "/validation/rejects.json")))
        let findings = try #require((document as? [String: Any])?["findings"] as? [[String: Any]])
        var rejections: [Int: [String]] = [:]
        for finding in findings where finding["severity"] as? String == "rejectRecord" {
            rejections[finding["record"] as? Int ?? 0, default: []].append(finding["reasonCode"] as? String ?? "")
        }
        let manifest = try JSONDecoder().decode(
            JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: work + "/jobs/jobs.json")))
        var jobs: [String: String] = [:]
        for job in manifest.jobs { jobs[job.machine] = try fixture.jobText(job) }

        for (item, record) in zip(drop.cases, drop.records) {
            let reasons = rejections[record.recordNumber] ?? []
            let produced = item.product.machines.filter { machine in jobs[machine].map { Self.holds($0, record) } ?? false }
            if let reason = item.rejectedFor {
                #expect(reasons.contains(reason.rawValue), "\(item.note): \(reasons)")
                #expect(summary.rejectedRecords.contains(record.recordNumber), "\(item.note)")
                #expect(produced.isEmpty, "\(item.note): produced on \(produced)")
            } else {
                #expect(reasons.isEmpty, "\(item.note): \(reasons)")
                #expect(produced == item.product.machines, "\(item.note): produced on \(produced)")
            }
        }
        for job in manifest.jobs {
            let accepted = zip(drop.cases, drop.records).filter {
                $0.0.product.rawValue == job.product && rejections[$0.1.recordNumber] == nil
            }
            #expect(job.cards == accepted.count, "\(job.machine)")
        }
        let rejectsCSV = try String(contentsOfFile: work + "/validation/rejects.csv", encoding: .utf8)
        #expect(!drop.records.contains { rejectsCSV.contains($0.cardNumber) }, "reject reports show card numbers masked only")
    }

    /// Whether the job file `text` has a line for `record`: its grouped number in an emboss or laser line, its
    /// tag 5A at the start of a chip line. A number that cannot be embossed is in no job file.
    static func holds(_ text: String, _ record: CardDataRecord) -> Bool {
        let pan = record.cardNumber
        guard let number = try? EmbossLines.numberLine(pan) else { return false }
        let tag5A = "|5A" + String(format: "%02X", (pan.count + 1) / 2) + pan + (pan.count % 2 == 1 ? "F" : "") + "5F20"
        return text.contains("|\(number)|") || text.contains(",\(number),") || text.contains(tag5A)
    }
}
