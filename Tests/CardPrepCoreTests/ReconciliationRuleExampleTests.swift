import Testing
@testable import CardPrepCore

/// One example of one reconciliation rule, named for the test report.
struct ReconciliationCatalogueExample: Sendable, CustomTestStringConvertible {
    let ruleIndex: Int
    let exampleIndex: Int
    let testDescription: String

    static let all: [ReconciliationCatalogueExample] = Reconciliation.rules.enumerated().flatMap { ruleIndex, rule in
        rule.examples.enumerated().map { index, example in
            ReconciliationCatalogueExample(ruleIndex: ruleIndex, exampleIndex: index, testDescription: "\(rule.id): \(example.note)")
        }
    }
}

@Suite("Reconciliation rule catalogue")
struct ReconciliationRuleExampleTests {
    @Test("every rule's examples give the expected codes", arguments: ReconciliationCatalogueExample.all)
    func ruleExample(_ example: ReconciliationCatalogueExample) {
        let rule = Reconciliation.rules[example.ruleIndex]
        let sample = rule.examples[example.exampleIndex]
        #expect(rule.check(sample.input).map(\.code) == sample.expected)
    }

    @Test func everyRuleHasPassingAndFailingExamplesAndAUniqueID() {
        let ids = Reconciliation.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in Reconciliation.rules {
            #expect(rule.examples.contains { $0.expected.isEmpty }, "\(rule.id) has no passing example")
            #expect(rule.examples.contains { !$0.expected.isEmpty }, "\(rule.id) has no failing example")
        }
    }

    @Test func theCleanExampleReconcilesUnderEveryRule() {
        #expect(Reconciliation.run(ReconciliationExamples.clean).isEmpty)
        let clean = ReconciliationExamples.clean
        #expect(Reconciliation.run(order: clean.order, jobs: clean.jobs, production: clean.production, shipments: clean.shipments,
                                   destructions: clean.destructions, signedDestructions: clean.signedDestructions,
                                   now: clean.now).isEmpty)
    }

    @Test func aMissingCardIsReportedOnceNamingItsBatchAndSequence() {
        let findings = Reconciliation.run(ReconciliationExamples.clean.with {
            $0.production.remove(at: 3)
            $0.shipments[0].cards = 2  // a card that never came back is not shipped either
        })
        #expect(findings.map(\.code) == [.cardMissing])
        #expect(findings[0].location.batch == "d1-J01-B001")
        #expect(findings[0].message.contains("sequence 3"))
        #expect(findings[0].expected == 1 && findings[0].actual == 0)
    }

    @Test func pendingDestructionsCarryTheirAge() {
        let pending = PendingDestruction.all(in: ReconciliationExamples.clean.with { $0.signedDestructions = [] })
        #expect(pending.map(\.serial) == ["CS000002"])
        #expect(pending.first?.ageDays == 7)
    }

    @Test func onlyASignedRecordDestroysACardAndAnUnsignedRowIsReportedOnce() {
        let unsigned = ReconciliationExamples.clean.with {
            $0.signedDestructions = []
            $0.now = ReconciliationExamples.time("2026-12-20T00:00:00Z")
        }
        #expect(PendingDestruction.all(in: unsigned).map(\.serial) == ["CS000002"])
        // (Weeks later the receipts are overdue too; only the destruction findings matter here.)
        let findings = Reconciliation.run(unsigned).filter { $0.code.rawValue.hasPrefix("destruction") }
        #expect(findings.map(\.code) == [.destructionUnsigned])
        #expect(findings[0].location.destruction == "D-1" && findings[0].message.contains("no signed record"))
        let differing = Reconciliation.run(ReconciliationExamples.clean.with {
            $0.destructions[0].quantity = 2
            $0.destructions[0].serials = [SerialRange("CS000002-CS000003")!]
        })
        // The wider row also names CS000003, the good reprint shipped in S-1: that is a finding of its own.
        #expect(differing.map(\.code) == [.destructionUnsigned, .destructionShipped])
        #expect(differing[0].message.contains("quantity: signed 1, destruction.csv 2"))
        #expect(differing[0].message.contains("serials: signed CS000002, destruction.csv CS000002-CS000003"))
    }

    @Test func signedDestructionsOfOtherOrdersAreNotInForce() {
        let other = ReconciliationExamples.signedDestruction("D-9", serials: "CS000099")
        let input = ReconciliationExamples.clean.with { $0.signedDestructions.append(other) }
        #expect(input.signedDestructionsInForce.map(\.id) == ["D-1"])
    }
}
