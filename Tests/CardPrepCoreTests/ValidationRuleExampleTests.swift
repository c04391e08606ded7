import Testing
@testable import CardPrepCore

/// One example of one rule or drop check, named for the test report.
struct CatalogueExample: Sendable, CustomTestStringConvertible {
    let ruleIndex: Int
    let exampleIndex: Int
    let isDropCheck: Bool
    let testDescription: String

    static let recordRules: [CatalogueExample] = RuleCatalogue.all.enumerated().flatMap { ruleIndex, rule in
        rule.examples.enumerated().map { index, example in
            CatalogueExample(ruleIndex: ruleIndex, exampleIndex: index, isDropCheck: false,
                             testDescription: "\(rule.id): \(example.note)")
        }
    }

    static let repeatedCards: [CatalogueExample] = RuleCatalogue.repeatedCards.enumerated().flatMap { ruleIndex, rule in
        rule.examples.enumerated().map { index, example in
            CatalogueExample(ruleIndex: ruleIndex, exampleIndex: index, isDropCheck: false,
                             testDescription: "\(rule.id): \(example.note)")
        }
    }

    static let dropChecks: [CatalogueExample] = RuleCatalogue.dropChecks.enumerated().flatMap { checkIndex, check in
        check.examples.enumerated().map { index, example in
            CatalogueExample(ruleIndex: checkIndex, exampleIndex: index, isDropCheck: true,
                             testDescription: "\(check.id): \(example.note)")
        }
    }
}

@Suite("Validation rule catalogue")
struct ValidationRuleExampleTests {
    @Test("every record rule's examples give the expected reason codes", arguments: CatalogueExample.recordRules)
    func recordRuleExample(_ example: CatalogueExample) {
        let rule = RuleCatalogue.all[example.ruleIndex]
        let sample = rule.examples[example.exampleIndex]
        let findings = rule.check(sample.record, in: RuleExamples.context())
        #expect(findings.map(\.reasonCode) == sample.expected)
        for finding in findings {
            #expect(finding.location.recordNumber == sample.record.recordNumber)
            #expect(finding.location.field != nil)
            if !sample.record.cardNumber.isEmpty {
                #expect(finding.maskedCardNumber == CardNumber.masked(sample.record.cardNumber))
                #expect(!finding.message.contains(sample.record.cardNumber))
            }
        }
    }

    @Test("every repeated-card rule's examples give the expected reason codes", arguments: CatalogueExample.repeatedCards)
    func repeatedCardExample(_ example: CatalogueExample) {
        let rule = RuleCatalogue.repeatedCards[example.ruleIndex]
        let sample = rule.examples[example.exampleIndex]
        let findings = rule.check(sample.sightings, earlier: sample.earlier)
        #expect(findings.map(\.reasonCode) == sample.expected)
        for finding in findings {
            #expect(sample.sightings.contains { $0.recordNumber == finding.location.recordNumber && $0.line == finding.location.line })
            #expect(finding.location.field == DetailField.cardNumber.rawValue)
            #expect(finding.maskedCardNumber == CardNumber.masked(RuleExamples.luhnComplete("411111000000555")))
        }
    }

    @Test("every drop check's examples give the expected reason codes", arguments: CatalogueExample.dropChecks)
    func dropCheckExample(_ example: CatalogueExample) {
        let check = RuleCatalogue.dropChecks[example.ruleIndex]
        let sample = check.examples[example.exampleIndex]
        var context = RuleExamples.context()
        context.orderID = "ORD-1"
        let findings = check.check(sample.tally, in: context)
        #expect(findings.map(\.reasonCode) == sample.expected)
        #expect(findings.allSatisfy { $0.severity == .rejectDrop })
    }

    @Test func everyRuleHasPassingAndFailingExamplesAndAUniqueID() {
        let ids = RuleCatalogue.all.map(\.id) + RuleCatalogue.repeatedCards.map(\.id) + RuleCatalogue.dropChecks.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in RuleCatalogue.all {
            #expect(rule.examples.contains { $0.expected.isEmpty }, "\(rule.id) has no passing example")
            #expect(rule.examples.contains { !$0.expected.isEmpty }, "\(rule.id) has no failing example")
        }
        for rule in RuleCatalogue.repeatedCards {
            #expect(rule.examples.contains { $0.expected.isEmpty }, "\(rule.id) has no passing example")
            #expect(rule.examples.contains { !$0.expected.isEmpty }, "\(rule.id) has no failing example")
        }
        for check in RuleCatalogue.dropChecks {
            #expect(check.examples.contains { $0.expected.isEmpty }, "\(check.id) has no passing example")
            #expect(check.examples.contains { !$0.expected.isEmpty }, "\(check.id) has no failing example")
        }
    }

    @Test func longNamesAreWarningsWhenTheContractAbbreviates() {
        var context = RuleExamples.context()
        context.contract.names = NameRules(maxLength: 10, longNamePolicy: .abbreviate)
        let findings = CardholderNameRule().check(RuleExamples.bank(name: "JANE ELIZABETH DOE"), in: context)
        #expect(findings.map(\.reasonCode) == [.nameTooLong])
        #expect(findings.map(\.severity) == [.warning])
    }
}
