/// Renders an ``Order`` as XML text that conforms to `Pipelines/schemas/order-v1.xsd`.
///
/// The output is deterministic: fixed element order, two-space indentation, `\n` line ends, UTF-8
/// declaration, and every text and attribute value escaped. Characters that XML 1.0 cannot carry
/// (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD.
public struct OrderXMLWriter: Sendable {
    /// The namespace of order documents, version 1.
    public static let namespace = "urn:cardprep:order:1"

    /// Creates a writer.
    public init() {}

    /// Renders the order.
    /// - Parameter order: The order; its values should satisfy the schema (codes, quantities ≥ 1).
    /// - Returns: The XML document, ending with a line feed.
    public func render(_ order: Order) -> String {
        var xml = XMLTextBuilder()
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        if let replaces = order.replaces {
            xml.open("order", ["xmlns": Self.namespace, "id": order.id, "replaces": replaces])
        } else {
            xml.open("order", ["xmlns": Self.namespace, "id": order.id])
        }
        xml.leaf("contractNumber", order.contractNumber)
        xml.leaf("issueDate", order.issueDate.description)
        xml.open("customer", ["id": order.customer.id])
        xml.leaf("name", order.customer.name)
        xml.close("customer")
        renderCustomerUnit(order.customerUnit, into: &xml)
        xml.open("lines")
        for line in order.lines { renderLine(line, into: &xml) }
        xml.close("lines")
        renderDelivery(order.delivery, into: &xml)
        xml.open("packaging")
        xml.leaf("cardsPerBox", String(order.packaging.cardsPerBox))
        if let carrier = order.packaging.carrier { xml.leaf("carrier", carrier) }
        xml.leaf("sealing", order.packaging.sealing.rawValue)
        xml.close("packaging")
        if let acceptance = order.acceptance { renderAcceptance(acceptance, into: &xml) }
        xml.close("order")
        return xml.text
    }

    private func renderCustomerUnit(_ unit: CustomerUnit, into xml: inout XMLTextBuilder) {
        xml.open("customerUnit", ["code": unit.code])
        xml.leaf("name", unit.name)
        xml.open("branches")
        for branch in unit.branches {
            xml.open("branch", ["code": branch.code])
            xml.leaf("name", branch.name)
            renderAddress(branch.address, into: &xml)
            xml.close("branch")
        }
        xml.close("branches")
        xml.close("customerUnit")
    }

    private func renderLine(_ line: OrderLine, into xml: inout XMLTextBuilder) {
        xml.open("line", ["number": String(line.number)])
        xml.leaf("productCode", line.productCode)
        xml.leaf("cardType", line.cardType.rawValue)
        xml.leaf("quantity", String(line.quantity))
        xml.leaf("branch", line.branchCode)
        if let holderType = line.holderType { xml.leaf("holderType", holderType.rawValue) }
        if let months = line.validityMonths { xml.leaf("validityMonths", String(months)) }
        xml.close("line")
    }

    private func renderDelivery(_ delivery: Delivery, into xml: inout XMLTextBuilder) {
        xml.open("delivery")
        xml.leaf("dueDate", delivery.dueDate.description)
        xml.leaf("method", delivery.method.rawValue)
        xml.leaf("priority", delivery.priority.rawValue)
        renderAddress(delivery.address, into: &xml)
        xml.open("contact")
        xml.leaf("name", delivery.contact.name)
        xml.leaf("phone", delivery.contact.phone)
        xml.leaf("email", delivery.contact.email)
        xml.close("contact")
        xml.close("delivery")
    }

    private func renderAddress(_ address: PostalAddress, into xml: inout XMLTextBuilder) {
        xml.open("address")
        for street in address.street { xml.leaf("street", street) }
        xml.leaf("city", address.city)
        xml.leaf("postalCode", address.postalCode)
        xml.leaf("country", address.country)
        xml.close("address")
    }

    private func renderAcceptance(_ terms: AcceptanceTerms, into xml: inout XMLTextBuilder) {
        xml.open("acceptance")
        xml.leaf("inspectionLevel", terms.inspectionLevel.rawValue)
        xml.leaf("lotBasis", terms.lotBasis.rawValue)
        xml.open("aql")
        xml.leaf("critical", terms.criticalAQL.description)
        xml.leaf("major", terms.majorAQL.description)
        xml.leaf("minor", terms.minorAQL.description)
        xml.close("aql")
        if let reduced = terms.reducedInspectionAllowed {
            xml.leaf("reducedInspectionAllowed", reduced ? "true" : "false")
        }
        xml.close("acceptance")
    }
}
