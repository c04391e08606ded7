import Foundation
import Testing
@testable import CardPrepXML

@Suite struct XmllintAgreementTests {
    static let fixtures = [
        "sample-order.xml", "xxe.xml", "billion-laughs.xml", "malformed.xml", "schema-invalid.xml", "deep.xml",
    ]

    @Test(arguments: fixtures)
    func xmllintAgreesWithTheVerdict(_ name: String) throws {
        let path = FixturePaths.order(name)
        let schema = try XMLSchemaValidator(schemaAt: FixturePaths.orderSchema)
        let accepted = (try? OrderParser.parse(fileAt: path, schema: schema)) != nil
        #expect(try xmllintAccepts(path) == accepted)
        #expect(accepted == (name == "sample-order.xml"))
    }
}
