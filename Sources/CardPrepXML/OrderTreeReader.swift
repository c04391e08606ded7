import CardPrepCore

/// Copies a schema-valid order document into the ``Order`` model. Token values (codes, numbers,
/// enumerations, dates) are whitespace-collapsed as XML Schema does; free text is kept as written.
struct OrderTreeReader {
    let document: XMLDocument

    func order() throws(OrderXMLError) -> Order {
        guard let root = document.root, root.name == "order" else {
            throw .unexpectedContent(XMLIssue(file: document.path, line: 1, column: 0, message: "root element is not 'order'"))
        }
        let customer = try child(root, "customer")
        let lines = try child(root, "lines").children(named: "line")
        var orderLines: [OrderLine] = []
        for line in lines { orderLines.append(try orderLine(line)) }
        return Order(
            id: try attribute(root, "id"),
            contractNumber: try token(root, "contractNumber"),
            issueDate: try date(root, "issueDate"),
            customer: Customer(id: try attribute(customer, "id"), name: try text(customer, "name")),
            customerUnit: try customerUnit(try child(root, "customerUnit")),
            lines: orderLines,
            delivery: try delivery(try child(root, "delivery")),
            packaging: try packaging(try child(root, "packaging")),
            acceptance: try root.child(named: "acceptance").map { element throws(OrderXMLError) in try acceptance(element) },
            replaces: root.attribute("replaces")?.collapsingWhitespace())
    }

    private func customerUnit(_ element: XMLElementNode) throws(OrderXMLError) -> CustomerUnit {
        var branches: [Branch] = []
        for branch in try child(element, "branches").children(named: "branch") {
            branches.append(
                Branch(code: try attribute(branch, "code"), name: try text(branch, "name"),
                    address: try address(try child(branch, "address"))))
        }
        return CustomerUnit(code: try attribute(element, "code"), name: try text(element, "name"), branches: branches)
    }

    private func orderLine(_ element: XMLElementNode) throws(OrderXMLError) -> OrderLine {
        OrderLine(
            number: try integer(element, attribute: "number"),
            productCode: try token(element, "productCode"),
            cardType: try enumeration(element, "cardType"),
            quantity: try integer(element, "quantity"),
            branchCode: try token(element, "branch"),
            holderType: element.child(named: "holderType") == nil ? nil : try enumeration(element, "holderType"),
            validityMonths: element.child(named: "validityMonths") == nil ? nil : try integer(element, "validityMonths"))
    }

    private func delivery(_ element: XMLElementNode) throws(OrderXMLError) -> Delivery {
        let contact = try child(element, "contact")
        return Delivery(
            dueDate: try date(element, "dueDate"),
            method: try enumeration(element, "method"),
            priority: try enumeration(element, "priority"),
            address: try address(try child(element, "address")),
            contact: Contact(name: try text(contact, "name"), phone: try token(contact, "phone"), email: try token(contact, "email")))
    }

    private func packaging(_ element: XMLElementNode) throws(OrderXMLError) -> Packaging {
        Packaging(
            cardsPerBox: try integer(element, "cardsPerBox"),
            carrier: element.child(named: "carrier") == nil ? nil : try token(element, "carrier"),
            sealing: try enumeration(element, "sealing"))
    }

    private func acceptance(_ element: XMLElementNode) throws(OrderXMLError) -> AcceptanceTerms {
        let aql = try child(element, "aql")
        var reduced: Bool?
        if element.child(named: "reducedInspectionAllowed") != nil {
            let value = try token(element, "reducedInspectionAllowed")
            reduced = value == "true" || value == "1"
        }
        return AcceptanceTerms(
            inspectionLevel: try enumeration(element, "inspectionLevel"),
            lotBasis: try enumeration(element, "lotBasis"),
            criticalAQL: try limit(aql, "critical"), majorAQL: try limit(aql, "major"), minorAQL: try limit(aql, "minor"),
            reducedInspectionAllowed: reduced)
    }

    private func address(_ element: XMLElementNode) throws(OrderXMLError) -> PostalAddress {
        PostalAddress(
            street: element.children(named: "street").map(\.text),
            city: try text(element, "city"), postalCode: try token(element, "postalCode"), country: try token(element, "country"))
    }

    // MARK: Values

    private func child(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> XMLElementNode {
        guard let found = element.child(named: name) else { throw unexpected(element, "element '\(element.name)' has no '\(name)'") }
        return found
    }

    private func text(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> String {
        try child(element, name).text
    }

    private func token(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> String {
        try child(element, name).text.collapsingWhitespace()
    }

    private func attribute(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> String {
        guard let value = element.attribute(name) else { throw unexpected(element, "element '\(element.name)' has no attribute '\(name)'") }
        return value.collapsingWhitespace()
    }

    private func integer(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> Int {
        let node = try child(element, name)
        guard let value = Int(node.text.collapsingWhitespace().drop(while: { $0 == "+" })) else {
            throw unexpected(node, "element '\(name)': '\(node.text)' does not fit an integer")
        }
        return value
    }

    private func integer(_ element: XMLElementNode, attribute name: String) throws(OrderXMLError) -> Int {
        let text = try attribute(element, name)
        guard let value = Int(text.drop(while: { $0 == "+" })) else {
            throw unexpected(element, "attribute '\(name)': '\(text)' does not fit an integer")
        }
        return value
    }

    private func enumeration<Value: RawRepresentable<String>>(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> Value {
        let node = try child(element, name)
        guard let value = Value(rawValue: node.text.collapsingWhitespace()) else {
            throw unexpected(node, "element '\(name)': '\(node.text)' is not a known value")
        }
        return value
    }

    private func date(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> CalendarDate {
        let node = try child(element, name)
        guard let value = CalendarDate(node.text.collapsingWhitespace()) else {
            throw unexpected(node, "element '\(name)': '\(node.text)' is not a YYYY-MM-DD date")
        }
        return value
    }

    private func limit(_ element: XMLElementNode, _ name: String) throws(OrderXMLError) -> AQL {
        let node = try child(element, name)
        guard let value = AQL(node.text.collapsingWhitespace()) else {
            throw unexpected(node, "element '\(name)': '\(node.text)' is not a preferred AQL")
        }
        return value
    }

    private func unexpected(_ node: XMLElementNode, _ message: String) -> OrderXMLError {
        .unexpectedContent(XMLIssue(file: document.path, line: node.line, column: 0, message: message))
    }
}
