import Testing
@testable import CardPrepCore

@Suite struct OrderXMLWriterTests {
    static let address = PostalAddress(street: ["1 Main St"], city: "Springfield", postalCode: "12345", country: "US")
    static let order = Order(
        id: "O-1", contractNumber: "CT-1", issueDate: CalendarDate("2025-01-02")!,
        customer: Customer(id: "C-1", name: "A & B <Bank>"),
        customerUnit: CustomerUnit(code: "HQ", name: "HQ", branches: [Branch(code: "B1", name: "Main", address: address)]),
        lines: [OrderLine(number: 1, productCode: "P1", cardType: .blank, quantity: 10, branchCode: "B1")],
        delivery: Delivery(
            dueDate: CalendarDate("2025-02-01")!, method: .airCargo, priority: .standard, address: address,
            contact: Contact(name: "Ann", phone: "+1 555 0100", email: "ann@example.com")),
        packaging: Packaging(cardsPerBox: 100, sealing: .shrinkWrap),
        acceptance: AcceptanceTerms(
            inspectionLevel: .i, lotBasis: .batch, criticalAQL: AQL("0.10")!,
            majorAQL: AQL("1.0")!, minorAQL: AQL("4.0")!))

    @Test func rendersNamespaceAndEscapedText() {
        let xml = OrderXMLWriter().render(Self.order)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<order xmlns=\"urn:cardprep:order:1\" id=\"O-1\">\n"))
        #expect(xml.contains("    <name>A &amp; B &lt;Bank&gt;</name>\n"))
        #expect(xml.contains("<method>air-cargo</method>"))
        #expect(xml.contains("<critical>0.10</critical>"))
        #expect(!xml.contains("<carrier>"))
        #expect(!xml.contains("reducedInspectionAllowed"))
        #expect(xml.hasSuffix("</order>\n"))
    }

    @Test func escapesAttributesAndReplacesCharactersXMLCannotCarry() {
        #expect(XMLTextBuilder.escaped("a\"b\n\tc", inAttribute: true) == "a&quot;b&#10;&#9;c")
        #expect(XMLTextBuilder.escaped("x\u{0}y\u{1B}z\r", inAttribute: false) == "x\u{FFFD}y\u{FFFD}z&#13;")
        #expect(XMLTextBuilder.escaped("\"quoted\"\n", inAttribute: false) == "\"quoted\"\n")
    }

    @Test func outputIsIdenticalAcrossRenders() {
        #expect(OrderXMLWriter().render(Self.order) == OrderXMLWriter().render(Self.order))
    }
}
