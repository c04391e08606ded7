import Foundation
import Testing
@testable import CardPrepCore

/// What the record rules of one record share gives what each rule would work out for itself.
@Suite("Record facts")
struct RecordFactsTests {
    @Test func cardNumberFactsAgreeWithTheLuhnCheckAndTheShapeRule() {
        var generator = SystemRandomNumberGenerator()
        var numbers = ["4111111111111111", "4111111111111112", "41111100001", "411111000000000000000", "4111 1111 1111 1111",
                       "4111111111111X11", "", "٤١١١١١١١١١١١١١١١", "0000000000000", "79927398713"]
        for length in 10...21 {
            for _ in 0..<200 {
                numbers.append(String((0..<length).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }))
            }
        }
        for number in numbers {
            let facts = CardNumberFacts(number)
            let wellFormed = (12...19).contains(number.utf8.count) && number.utf8.allSatisfy { (0x30...0x39).contains($0) }
            #expect(facts.isWellFormed == wellFormed, "\(CardNumber.masked(number))")
            #expect(facts.passesLuhn == (wellFormed && CardNumber.passesLuhn(number)), "\(CardNumber.masked(number))")
        }
    }

    @Test func theProductIsTheContractsAndFollowsAChangedContract() throws {
        var context = RuleExamples.context()
        for product in RuleExamples.contract.products {
            #expect(context.productReference(product.code)?.rule == context.contract.product(product.code))
        }
        #expect(context.productReference("NOPE") == nil)
        context.contract.products[0].serviceCodes = ["999"]
        #expect(try #require(context.productReference("DEBIT")).rule.serviceCodes == ["999"])
    }
}
