import CardPrepCore
import Testing

/// Every example of the replacement order rule: a replacement completes short lines of a waiting order, never more.
@Suite struct ReplacementOrderRuleTests {
    @Test(arguments: ReplacementOrderRule().examples.indices)
    func example(_ index: Int) {
        let example = ReplacementOrderRule().examples[index]
        let findings = ReplacementOrderRule().check(example.order, replacing: example.replacing)
        #expect(findings.isEmpty == example.passes, "\(example.note): \(findings.map(\.message))")
        #expect(findings.allSatisfy { $0.reasonCode == .replacementInvalid && $0.severity == .rejectDrop && $0.location == .drop })
    }

    @Test func aReplacementOrderSurvivesTheXMLWriterAndItsModel() {
        var order = ReconciliationExamples.order
        order.replaces = "ORD-1"
        #expect(OrderXMLWriter().render(order).contains("replaces=\"ORD-1\""))
        order.replaces = nil
        #expect(!OrderXMLWriter().render(order).contains("replaces="))
    }
}
