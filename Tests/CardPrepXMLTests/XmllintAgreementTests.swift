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

/// Schema messages keep libxml2's own words: the set of allowed values stays, only namespace prefixes of element
/// names go.
@Suite struct SchemaMessageTests {
    @Test func anEnumerationMessageNamesTheAllowedValues() throws {
        let text = try String(contentsOfFile: FixturePaths.order("sample-order.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<method>express-courier</method>", with: "<method>drone</method>")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString).xml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schema = try XMLSchemaValidator(schemaAt: FixturePaths.orderSchema)
        do {
            _ = try OrderParser.parse(fileAt: path, schema: schema)
            Issue.record("an unknown delivery method was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains("{'air-cargo', 'express-courier', 'post'}"), "\(message)")
            #expect(message.contains("Element 'method'") && !message.contains("urn:cardprep"), "\(message)")
        }
    }

    @Test func onlyNamespacePrefixesAreRemoved() {
        #expect(LibXML2.tidy("Element '{urn:cardprep:order:1}method': [facet 'enumeration'] The value 'x' is not an element of the set {'a', 'b'}.\n")
            == "Element 'method': [facet 'enumeration'] The value 'x' is not an element of the set {'a', 'b'}.")
        #expect(LibXML2.tidy("a {b") == "a {b")
    }
}
