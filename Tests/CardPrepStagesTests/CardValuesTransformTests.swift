import CardPrepCore
import CardPrepCrypto
import Foundation
import Testing

@testable import CardPrepStages

/// A generated drop through ingest, validate and transform for a product with card values and chip data: CVV1 in
/// track 2, iCVV in tag 57, and EMV CPS data groupings whose records parse as BER-TLV with the profile's tags.
@Suite struct CardValuesTransformTests {
    static let cvk = Hex.decode("0123456789ABCDEFFEDCBA9876543210")!
    static let recordTags: [[String]] = [["57", "5F20"], ["5A", "5F24", "5F25", "5F28", "5F34", "9F42", "9F08"]]

    /// The customer's debit product goes to the embosser (stripe and chip) and to `chip-cps-1`.
    static func product(keyFile: String) -> String {
        """
        machines: [embosser-1, chip-cps-1, laser-1]
            card_values:
              key: \(keyFile)
              print_cvv2: true
              track2_discretionary: "{cvv1}00000"
              chip_track2_discretionary: "{icvv}00000"
            chip:
              issuer_country: "826"
              currency: "826"
              effective_date: production-month
              pan_sequence_number: 0
              application_label: TEST DEBIT
              tags: {"9F08": "0096"}
              records:
                - {sfi: 1, record: 1, tags: [\(recordTags[0].map { "\"\($0)\"" }.joined(separator: ", "))]}
                - {sfi: 2, record: 1, tags: [\(recordTags[1].map { "\"\($0)\"" }.joined(separator: ", "))]}
              select_response: ["50"]
        """
    }

    @Test func jobsCarryTheComputedValuesAndEveryChipRecordParses() throws {
        let fixture = try IngestFixture(customers: 1, cards: 12, stages: ValidateTransformTests.produce)
        let keyFile = fixture.root + "/cvk.hex"
        try "0123456789ABCDEFFEDCBA9876543210\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let customer = try #require(fixture.generated.drops.first).customer
        let profilePath = fixture.root + "/customers/\(customer).yml"
        let profile = try String(contentsOfFile: profilePath, encoding: .utf8)
            .replacingOccurrences(of: "machines: [embosser-1]", with: Self.product(keyFile: keyFile))
        try profile.write(toFile: profilePath, atomically: true, encoding: .utf8)

        let report = try fixture.run()
        #expect(report.exitCode == .ok, "\(report)")
        let drop = try #require(try fixture.ledger().drops().first)
        let manifest = try JSONDecoder().decode(
            JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: drop.workPath + "/jobs/jobs.json")))
        let key = try #require(SoftwareCardVerificationKey(key: Self.cvk))

        let embosser = try #require(manifest.jobs.first { $0.machine == "embosser-1" })
        let embossed = try fixture.jobText(embosser).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(embossed.count == embosser.cards)
        for line in embossed {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            // Track 2: ;PAN=YYMM SSS CVV1 00000?LRC
            let track2 = String(fields[6].dropFirst().prefix { $0 != "?" })
            let parts = track2.split(separator: "=")
            let (pan, rest) = (String(parts[0]), Array(parts[1]))
            let expiry = String(rest[0..<4]), serviceCode = String(rest[4..<7])
            let cvv1 = try CardVerificationValue.compute(.cvv1, pan: pan, expiry: expiry, serviceCode: serviceCode, key: key)
            #expect(String(rest[7...]) == cvv1 + "00000")
            let icvv = try CardVerificationValue.compute(.icvv, pan: pan, expiry: expiry, serviceCode: serviceCode, key: key)
            let chip = try BERTLV.decode(try #require(Hex.decode(String(fields[7]))))
            let tag57 = Hex.encode(try #require(chip.first { $0.tag == .track2EquivalentData }).value).uppercased()
            #expect(tag57 == pan + "D" + expiry + serviceCode + icvv + "00000" + (pan.count % 2 == 0 ? "" : "F"))
        }

        // The laser engraver prints CVV2 (service code 000) in the column after the expiry (its carrier columns follow);
        // its cards come in the embosser's order.
        let laser = try #require(manifest.jobs.first { $0.machine == "laser-1" && $0.product == embosser.product })
        let laserText = try fixture.jobText(laser)
        #expect(laserText.contains("seq,batch,number,name,expiry,cvv2,") || laserText.contains("seq,batch,number,name,expiry,cvv2\n"))
        let engraved = laserText.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(engraved.count == embossed.count)
        for (row, line) in zip(engraved, embossed) {
            let track2 = line.split(separator: "|", omittingEmptySubsequences: false)[6].dropFirst().prefix { $0 != "?" }
                .split(separator: "=")
            let rest = Array(track2[1])
            let cvv2 = try CardVerificationValue.compute(
                .cvv2, pan: String(track2[0]), expiry: String(rest[0..<4]), serviceCode: String(rest[4..<7]), key: key)
            #expect(String(row.split(separator: ",", omittingEmptySubsequences: false)[5]) == cvv2)
            #expect(String(row.split(separator: ",")[2]).replacingOccurrences(of: " ", with: "") == String(track2[0]))
        }

        let cps = try #require(manifest.jobs.first { $0.machine == "chip-cps-1" })
        let text = try fixture.jobText(cps)
        #expect(text.contains("#CPS|1|DGIs 0101 0201 9102\n"))
        #expect(text.contains("#CPS-SECRET|not produced: DGIs 8000-8FFF (keys, PINs)"))
        let cards = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(cards.count == cps.cards)
        for card in cards {
            let groupings = try Self.groupings(try #require(Hex.decode(String(card.split(separator: "|")[2]))))
            #expect(groupings.map(\.identifier) == ["0101", "0201", "9102"])
            for (grouping, tags) in zip(groupings, Self.recordTags) {
                let template = try BERTLV.decode(grouping.data)
                #expect(template.count == 1 && template[0].tag == .readRecordTemplate)
                #expect(try template[0].children().map(\.tag.description) == tags)
            }
            let select = try BERTLV.decode(groupings[2].data)
            #expect(select.first?.tag.description == "A5")
            #expect(try select.first?.children().first?.value == Array("TEST DEBIT".utf8))
        }
    }

    /// Splits a CPS stream into its groupings: DGI, length (one byte, or FF and two), data.
    static func groupings(_ bytes: [UInt8]) throws -> [(identifier: String, data: [UInt8])] {
        var found: [(String, [UInt8])] = []
        var index = 0
        while index < bytes.count {
            let identifier = Hex.encode(Array(bytes[index..<index + 2])).uppercased()
            var length = Int(bytes[index + 2])
            index += 3
            if length == 0xFF {
                length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
                index += 2
            }
            try #require(index + length <= bytes.count)
            found.append((identifier, Array(bytes[index..<index + length])))
            index += length
        }
        return found
    }
}
