import CardPrepIO
import Foundation
import Testing
@testable import CardPrepCore

/// A drop shaped like the fixtures generator's: 20 debit cards, 10 owners' and 10 tenants' access cards.
struct GeneratedDrop {
    static let lines = [
        OrderLine(number: 1, productCode: "DEBIT", cardType: .personalised, quantity: 20, branchCode: "HQ"),
        OrderLine(number: 2, productCode: "ACCESS", cardType: .personalised, quantity: 10, branchCode: "HQ", holderType: .owner),
        OrderLine(number: 3, productCode: "ACCESS", cardType: .personalised, quantity: 10, branchCode: "BR01", holderType: .tenant),
    ]
    static let earlierCard = RuleExamples.luhnComplete("411111999999999")

    var records: [CardDataRecord] = []

    init() {
        for line in Self.lines {
            for _ in 0..<line.quantity {
                let n = records.count + 1
                var record: CardDataRecord
                if line.holderType == nil {
                    record = RuleExamples.bank(RuleExamples.luhnComplete("411111" + String(format: "%09d", n * 7_654_321 % 1_000_000_000)))
                } else {
                    record = RuleExamples.access(RuleExamples.luhnComplete("801" + String(format: "%08d", n * 3_456_789 % 100_000_000)),
                                                 holderType: line.holderType!.rawValue,
                                                 until: line.holderType == .owner ? "2027-06-15" : "2026-06-15",
                                                 orderLine: line.number, branch: line.branchCode)
                }
                record.recordNumber = n
                records.append(record)
            }
        }
    }

    func text(trailerCount: Int? = nil, trailerTotalOffset: UInt64 = 0, lineEnd: String = "\n") -> [UInt8] {
        var total = HashTotal()
        for record in records { total.add(record.cardNumber) }
        let trailer = "T|\(trailerCount ?? records.count)|\(total.value + trailerTotalOffset)"
        let lines = [CardDataFile.header(customer: "c01", drop: "d1", orderID: "ORD-1", created: "2025-06-15")]
            + records.map(\.line) + [trailer]
        return Array((lines.joined(separator: lineEnd) + lineEnd).utf8)
    }

    static func validation(maxRejected: Int? = 10, share: Double? = nil) -> DropValidation {
        var contract = RuleExamples.contract
        contract.rejectPolicy = RejectPolicy(maxRejectedRecords: maxRejected, maxRejectedShare: share)
        return DropValidation(contract: contract, orderLines: lines, orderID: "ORD-1", today: RuleExamples.today)
    }

    static let registry = InMemoryCardFingerprintRegistry(cardNumbers: [earlierCard])
}

@Suite("Drop validation")
struct ValidationDropTests {
    /// One injected error of each record kind, and the reason code each must yield.
    static func injected() -> (GeneratedDrop, [Int: ReasonCode]) {
        var drop = GeneratedDrop()
        func edit(_ n: Int, _ change: (inout CardDataRecord) -> Void) { change(&drop.records[n - 1]) }
        edit(3) { $0.cardNumber = String($0.cardNumber.dropLast()) + String(($0.cardNumber.last!.wholeNumberValue! + 1) % 10) }
        let fourth = drop.records[3].cardNumber
        edit(5) { $0.cardNumber = fourth }
        edit(7) { $0.expiry = "2504" }
        edit(9) { $0.cardNumber = RuleExamples.luhnComplete("499999000000009") }
        edit(11) { $0.cardNumber = GeneratedDrop.earlierCard }
        edit(13) { $0.serviceCode = "999" }
        edit(15) { $0.cardholderName = "J0HN SMITH" }
        edit(17) { $0.cardNumber = "41111100000" }
        edit(19) { $0.expiry = "3101" }
        edit(25) { $0.holderType = "visitor" }
        edit(33) { $0.validUntil = "2027-06-15" }
        return (drop, [3: .panLuhn, 5: .duplicateInDrop, 7: .expired, 9: .binNotAllowed, 11: .duplicateEarlierDrop,
                       13: .serviceCode, 15: .nameInvalid, 17: .panLength, 19: .validityTooLong, 25: .orderLineMismatch,
                       33: .validityTooLong])
    }

    @Test func cleanDropIsProducedWhole() throws {
        let drop = GeneratedDrop()
        let outcome = try GeneratedDrop.validation().validate(MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        #expect(outcome.findings == [])
        #expect(outcome.decision == .produce)
        #expect(outcome.acceptedRecords == 40)
        #expect(outcome.tally.recordsPerOrderLine == [1: 20, 2: 10, 3: 10])
    }

    @Test func injectedErrorsYieldExactlyTheirFindings() throws {
        let (drop, expected) = Self.injected()
        let outcome = try GeneratedDrop.validation().validate(
            TrickleByteSource(drop.text(lineEnd: "\r\n"), step: 100), earlierDrops: GeneratedDrop.registry)
        let recordFindings = outcome.findings.filter { $0.location.recordNumber != nil }
        let byRecord = Dictionary(grouping: recordFindings, by: { $0.location.recordNumber! })
        #expect(outcome.findings.filter { $0.location.recordNumber == nil }.map(\.reasonCode) == [.rejectThreshold])
        // record 25's unknown holder type is both an order-line mismatch and an invalid holder type
        #expect(byRecord[25]?.map(\.reasonCode) == [.holderType, .orderLineMismatch])
        for (number, code) in expected where number != 25 {
            #expect(byRecord[number]?.map(\.reasonCode) == [code], "record \(number)")
        }
        #expect(Set(byRecord.keys) == Set(expected.keys))
        #expect(outcome.rejectedRecordNumbers == Set(expected.keys))
        #expect(recordFindings.allSatisfy { $0.location.line == $0.location.recordNumber! + 1 })
        #expect(outcome.decision == .quarantine(reasons: [.rejectThreshold]))
        let tolerant = try GeneratedDrop.validation(maxRejected: 11).validate(
            MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        #expect(tolerant.decision == .produce)
        #expect(tolerant.acceptedRecords == 29)
        #expect(!tolerant.isAccepted(recordNumber: 3) && tolerant.isAccepted(recordNumber: 4))
        try Self.expectNoFullCardNumber(in: outcome, drop: drop)
    }

    @Test(arguments: [1, 2, 3, 7, 1 << 19])
    func sightingsSpilledInRunsGiveTheSameOutcome(runCapacity: Int) throws {
        var (drop, _) = Self.injected()
        drop.records[30].cardNumber = drop.records[1].cardNumber  // a card repeated far apart, in different runs
        drop.records[35].cardNumber = drop.records[1].cardNumber
        var reference = GeneratedDrop.validation(maxRejected: 20)
        reference.runCapacity = 1 << 19
        let expected = try reference.validate(MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        var spilled = GeneratedDrop.validation(maxRejected: 20)
        spilled.runCapacity = runCapacity
        let (outcome, accepted) = try spilled.validateKeepingFingerprints(MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        #expect(outcome == expected)
        #expect(outcome.findings.filter { $0.reasonCode == .duplicateInDrop }.map(\.location.recordNumber) == [5, 31, 36])
        let lines = outcome.findings.compactMap(\.location.line)
        #expect(lines == lines.sorted(), "findings stay in file order")
        var fingerprints: [CardFingerprint] = []
        try accepted.forEach { fingerprints.append($0.fingerprint) }
        #expect(fingerprints == fingerprints.sorted() && Set(fingerprints).count == fingerprints.count)
        #expect(fingerprints.count == outcome.acceptedRecords)
        let acceptedNumbers = drop.records.filter { outcome.isAccepted(recordNumber: $0.recordNumber) }.map(\.cardNumber)
        #expect(Set(fingerprints) == Set(acceptedNumbers.map(GeneratedDrop.registry.fingerprint(of:))))
        #expect(outcome.tally.rejectedPerOrderLine.values.reduce(0, +) == outcome.tally.rejectedRecords)
    }

    @Test(arguments: [1, 2, 4])
    func recordsCheckedOnSeveralThreadsGiveTheSameOutcome(workers: Int) throws {
        var drop = GeneratedDrop()
        let base = drop.records
        for copy in 1...80 {
            for var record in base {
                record.recordNumber = drop.records.count + 1
                let payload = "4111\(copy % 10)" + String(format: "%010d", record.recordNumber * 7919 % 10_000_000_000)
                if record.productCode == "DEBIT" { record.cardNumber = RuleExamples.luhnComplete(payload) }
                if record.recordNumber % 97 == 0 { record.expiry = "2001" }
                if record.recordNumber % 101 == 0 { record.cardNumber = base[0].cardNumber }
                drop.records.append(record)
            }
        }
        var sequential = GeneratedDrop.validation(maxRejected: nil)
        sequential.workers = 1
        let expected = try sequential.validate(MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        var parallel = GeneratedDrop.validation(maxRejected: nil)
        parallel.workers = workers
        parallel.batchSize = 700
        let outcome = try parallel.validate(TrickleByteSource(drop.text(), step: 4093), earlierDrops: GeneratedDrop.registry)
        #expect(outcome == expected)
        #expect(outcome.tally.detailRecords == drop.records.count)
        #expect(outcome.countsByReason[.duplicateInDrop, default: 0] > 0 && outcome.countsByReason[.expired, default: 0] > 0)
    }

    @Test func aQuarantinedDropKeepsNoFingerprints() throws {
        let (drop, _) = Self.injected()
        let (outcome, accepted) = try GeneratedDrop.validation().validateKeepingFingerprints(
            MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        #expect(outcome.decision != .produce)
        #expect(accepted.count == 0)
    }

    @Test(arguments: [
        (10, nil, true), (11, nil, false), (nil, 0.25, true), (nil, 0.3, false), (20, 0.25, true),
    ] as [(Int?, Double?, Bool)])
    func rejectPolicyThreshold(maxRejected: Int?, share: Double?, quarantined: Bool) throws {
        let (drop, _) = Self.injected()  // 11 of 40 rejected: 27.5 %
        let outcome = try GeneratedDrop.validation(maxRejected: maxRejected, share: share)
            .validate(MemoryByteSource(drop.text()), earlierDrops: GeneratedDrop.registry)
        #expect((outcome.decision != .produce) == quarantined)
        #expect(outcome.countsByReason[.rejectThreshold] == (quarantined ? 1 : nil))
    }

    @Test func controlTotalsAndQuantitiesAreCheckedForTheWholeDrop() throws {
        var drop = GeneratedDrop()
        drop.records.remove(at: 39)
        let outcome = try GeneratedDrop.validation().validate(
            MemoryByteSource(drop.text(trailerCount: 40, trailerTotalOffset: 1)), earlierDrops: GeneratedDrop.registry)
        #expect(outcome.findings.map(\.reasonCode) == [.trailerCount, .trailerHashTotal, .quantityMismatch])
        #expect(outcome.decision == .quarantine(reasons: [.trailerCount, .trailerHashTotal, .quantityMismatch]))
        #expect(outcome.acceptedRecords == 0)
    }

    @Test func missingHeaderAndTrailerQuarantineTheDrop() throws {
        let drop = GeneratedDrop()
        let body = Array((drop.records.map(\.line).joined(separator: "\n")).utf8)
        let outcome = try GeneratedDrop.validation().validate(MemoryByteSource(body), earlierDrops: GeneratedDrop.registry)
        #expect(outcome.findings.map(\.reasonCode) == [.headerMissing, .trailerMissing])
        #expect(outcome.decision == .quarantine(reasons: [.headerMissing, .trailerMissing]))
    }

    /// No finding, CSV or JSON report holds any of the drop's full card numbers.
    static func expectNoFullCardNumber(in outcome: ValidationOutcome, drop: GeneratedDrop) throws {
        let report = RejectReport(outcome: outcome)
        let texts = outcome.findings.map { "\($0.message) \($0.maskedCardNumber ?? "")" }
            + [report.csv(), report.summaryCSV(), String(decoding: try report.json(), as: UTF8.self)]
        let numbers = drop.records.map(\.cardNumber) + [GeneratedDrop.earlierCard]
        for text in texts {
            for number in numbers { #expect(!text.contains(number)) }
        }
        #expect(outcome.findings.contains { $0.maskedCardNumber == CardNumber.masked(GeneratedDrop.earlierCard) })
    }
}
