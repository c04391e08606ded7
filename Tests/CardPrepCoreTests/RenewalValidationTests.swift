import CardPrepIO
import Foundation
import Testing
@testable import CardPrepCore

/// Renewals, reissues and exact repeats of card numbers, within one drop and against earlier drops, as the whole
/// validation streams them, with the PAN sequence number sent in the profile's additional field.
@Suite("Renewals and reissues")
struct RenewalValidationTests {
    /// The generated drop with every bank card on PAN sequence number 00, unless `sequences` says otherwise by record.
    static func text(_ drop: GeneratedDrop, sequences: [Int: String] = [:]) -> [UInt8] {
        var total = HashTotal()
        for record in drop.records { total.add(record.cardNumber) }
        let lines = [CardDataFile.header(customer: "c01", drop: "d1", orderID: "ORD-1", created: "2025-06-15")]
            + drop.records.map { $0.line + "|" + (sequences[$0.recordNumber] ?? ($0.productCode == "DEBIT" ? "00" : "")) }
            + ["T|\(drop.records.count)|\(total.value)"]
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func validation(_ policy: RepeatPolicy) -> DropValidation {
        var validation = GeneratedDrop.validation()
        validation.contract.layout = validation.contract.layout.appending([.panSequenceNumber])
        for index in validation.contract.products.indices { validation.contract.products[index].repeats = policy }
        return validation
    }

    static func reasons(_ outcome: ValidationOutcome) -> [Int: [ReasonCode]] {
        Dictionary(grouping: outcome.findings, by: { $0.location.recordNumber ?? 0 }).mapValues { $0.map(\.reasonCode) }
    }

    @Test(arguments: [RepeatPolicy(), RepeatPolicy(acceptsRenewals: true, acceptsReissues: true)])
    func withinOneDrop(policy: RepeatPolicy) throws {
        var drop = GeneratedDrop()
        func copy(_ from: Int, to: Int, expiry: String? = nil) {
            drop.records[to - 1].cardNumber = drop.records[from - 1].cardNumber
            drop.records[to - 1].expiry = expiry ?? drop.records[from - 1].expiry
        }
        copy(1, to: 2, expiry: "2906")  // a renewal: same sequence number, later expiry
        copy(3, to: 4)                  // a reissue: sequence number 01 below
        copy(5, to: 6)                  // an exact repeat
        copy(7, to: 8, expiry: "2706")  // same sequence number, earlier expiry
        copy(9, to: 10, expiry: "2906")
        copy(9, to: 11, expiry: "2906") // the renewal twice
        let outcome = try Self.validation(policy).validate(MemoryByteSource(Self.text(drop, sequences: [4: "01"])),
                                                           earlierDrops: GeneratedDrop.registry)
        let accepts = policy.acceptsRenewals
        #expect(Self.reasons(outcome) == ([
            2: accepts ? nil : [.renewalRefused], 4: accepts ? nil : [.reissueRefused], 6: [.duplicateInDrop],
            8: [.renewalNotLater], 10: accepts ? nil : [.renewalRefused], 11: [.duplicateInDrop],
        ] as [Int: [ReasonCode]?]).compactMapValues { $0 })
        for finding in outcome.findings {
            #expect(finding.maskedCardNumber.map { $0.contains("******") } == true)
            #expect(!drop.records.contains { finding.message.contains($0.cardNumber) })
        }
    }

    @Test(arguments: [RepeatPolicy(), RepeatPolicy(acceptsRenewals: true), RepeatPolicy(acceptsReissues: true)])
    func againstEarlierDrops(policy: RepeatPolicy) throws {
        var drop = GeneratedDrop()
        var registry = InMemoryCardFingerprintRegistry()
        for n in [1, 2, 3, 4] { registry.insert(drop.records[n - 1].cardNumber, issue: .example("00", "2806")) }
        registry.insert(drop.records[4].cardNumber)  // recorded before issues were kept
        drop.records[0].expiry = "2906"              // renewal
        drop.records[1].expiry = "2806"              // reissue: sequence number 01 below
        drop.records[2].expiry = "2806"              // exact repeat
        drop.records[3].expiry = "2712"              // stale
        drop.records[4].expiry = "2906"              // an earlier card of unknown issue
        let (outcome, accepted) = try Self.validation(policy).validateKeepingFingerprints(
            MemoryByteSource(Self.text(drop, sequences: [2: "01"])), earlierDrops: registry)
        #expect(Self.reasons(outcome) == ([
            1: policy.acceptsRenewals ? nil : [.renewalRefused], 2: policy.acceptsReissues ? nil : [.reissueRefused],
            3: [.duplicateEarlierDrop], 4: [.renewalNotLater], 5: [.duplicateEarlierDrop],
        ] as [Int: [ReasonCode]?]).compactMapValues { $0 })
        let unknown = try #require(outcome.findings.first { $0.location.recordNumber == 5 })
        #expect(unknown.message.contains("recorded before PAN sequence numbers and expiries were kept"))
        var kept: [RegisteredCard] = []
        try accepted.forEach { kept.append($0) }
        #expect(kept.count == drop.records.count - 3 - (policy.acceptsRenewals ? 0 : 1) - (policy.acceptsReissues ? 0 : 1))
        let renewal = registry.fingerprint(of: drop.records[0].cardNumber)
        #expect(kept.contains(RegisteredCard(fingerprint: renewal, issue: .example("00", "2906"))) == policy.acceptsRenewals)
        #expect(kept.map(\.fingerprint) == kept.map(\.fingerprint).sorted())
    }

    @Test func theProductsChipSequenceNumberIsTheDefaultIssue() {
        #expect(CardIssue(panSequenceNumber: "", expiry: "2806", defaultSequence: 1) == .example("01", "2806"))
        #expect(CardIssue(panSequenceNumber: "03", expiry: "2806", defaultSequence: 1) == .example("03", "2806"))
        #expect(CardIssue(panSequenceNumber: "", expiry: "", defaultSequence: nil).description
                == "PAN sequence number none, expiry none")
        #expect(CardIssue.example("07", "0901").description == "PAN sequence number 07, expiry 0901")
    }
}
