import CardPrepCore
import Foundation
import Testing
@testable import CardPrepXML

@Suite struct OrderParserTests {
    let schema: XMLSchemaValidator

    init() throws { schema = try XMLSchemaValidator(schemaAt: FixturePaths.orderSchema) }

    @Test func sampleParsesToTheExpectedModel() throws {
        let order = try OrderParser.parse(fileAt: FixturePaths.order("sample-order.xml"), schema: schema)
        #expect(order == SampleOrder.expected)
        #expect(order.totalQuantity == 1950)
    }

    @Test func writtenOrderRoundTripsThroughTheParser() throws {
        var order = SampleOrder.expected
        order.customer.name = "Dupont <Fils> & \"Frères\" 'SA'"
        order.lines[0].holderType = .owner
        order.packaging.carrier = nil
        order.acceptance?.reducedInspectionAllowed = nil
        let text = OrderXMLWriter().render(order)
        let path = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try OrderParser.parse(fileAt: path, schema: schema) == order)
        #expect(try xmllintAccepts(path))
    }

    @Test func writerOutputIsDeterministic() {
        #expect(OrderXMLWriter().render(SampleOrder.expected) == OrderXMLWriter().render(SampleOrder.expected))
    }

    @Test func unusableSchemaIsReported() throws {
        let path = try temporaryFile("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element/></xs:schema>")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: OrderXMLError.self) { try XMLSchemaValidator(schemaAt: path) }
    }

    private func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString).xml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs `xmllint --noout --schema order-v1.xsd FILE` and reports whether it accepted the file.
func xmllintAccepts(_ path: String) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
    process.arguments = ["--noout", "--nonet", "--schema", FixturePaths.orderSchema, path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
}
