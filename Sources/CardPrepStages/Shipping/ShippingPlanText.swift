import CardPrepCore

extension ShippingPlan {
    /// The plan as the floor reads it: the order's delivery terms, whether the due date can be met (and if not, why),
    /// then each shipment with its address, contact, carrier, dispatch-by day and boxes.
    public var text: String {
        var out = """
            CARDPREP SHIPPING PLAN
            Order:      \(orderID) (contract \(contract))
            Customer:   \(customer)
            Drop:       \(dropID.prefix(12))
            Delivery:   \(method.rawValue), \(priority.rawValue) priority, due \(dueDate)
            Planned:    \(plannedOn), earliest dispatch \(earliestDispatch)
            Shipments:  \(shipments.count), \(boxCount) box(es), \(cards) card(s)

            """
        if meetsDueDate {
            out += "Due date:   can be met: every shipment can arrive by \(dueDate)\n"
        } else {
            out += "Due date:   CANNOT BE MET as planned\n"
            for problem in problems { out += "  - \(problem)\n" }
        }
        for shipment in shipments {
            out += "\nShipment \(shipment.number) to \(shipment.branch) — \(shipment.name)\n"
            out += "  " + shipment.address.oneLine + "\n"
            out += "  Contact: \(shipment.contact.name), \(shipment.contact.phone), \(shipment.contact.email)\n"
            if let carrier = shipment.carrier, let days = shipment.transitDays {
                out += "  Carrier: \(carrier) (\(days) day(s) in transit); dispatch by \(shipment.dispatchBy)\n"
            } else {
                out += "  Carrier: none of the customer's rules; dispatch by \(shipment.dispatchBy) at the latest\n"
            }
            out += "  box  product                         cards  capacity  order lines\n"
            for box in shipment.boxes {
                out += "  " + pad(String(box.number), 3, left: true) + "  " + pad(box.product, 30) + "  "
                    + pad(String(box.cards), 5, left: true) + "  " + pad(String(box.capacity), 8, left: true) + "  "
                    + box.orderLines.map(String.init).joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}

extension PostalAddress {
    /// The address on one line: street lines, postal code and city, country.
    public var oneLine: String { (street + ["\(postalCode) \(city)", country]).joined(separator: ", ") }
}
