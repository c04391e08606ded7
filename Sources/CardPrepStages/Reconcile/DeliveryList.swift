import CardPrepCore
import Foundation

/// The product list that travels with a delivery (`delivery-list-<shipment>.txt`): for each branch the delivery
/// serves, the products and quantities the order asks for, with the cards packed in this delivery. It is signed with
/// the bureau key as an SSHSIG in the namespace `cardprep-delivery` (`.sig` beside it), so a branch can check it with
/// `ssh-keygen -Y verify -n cardprep-delivery`.
public enum DeliveryList {
    /// The signature namespace of delivery lists.
    public static let namespace = "cardprep-delivery"

    /// The file name of a shipment's list; characters other than letters, digits, `-`, `_` and `.` become `_`.
    public static func fileName(shipment: String) -> String {
        let safe = String(shipment.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        return "delivery-list-\(safe).txt"
    }

    /// The list's text for the lines of one shipment.
    public static func text(order: Order, lines: [ShipmentLine]) -> String {
        guard let first = lines.first else { return "" }
        var out = """
            CARDPREP DELIVERY LIST
            Shipment:   \(first.shipment)
            Order:      \(order.id)
            Contract:   \(order.contractNumber)
            Customer:   \(order.customer.name) (\(order.customerUnit.code))
            Carrier:    \(first.carrier.rawValue), tracking \(first.tracking)
            Dispatched: \(Timestamp.iso8601(first.dispatched))
            Boxes:      \(first.boxes)

            """
        let branches = lines.map(\.branch).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for branch in branches {
            let name = order.customerUnit.branch(code: branch)?.name ?? ""
            out += "\nBranch \(branch)\(name.isEmpty ? "" : " — " + name)\n"
            out += "  line  product                         ordered  in this delivery\n"
            for line in order.lines where line.branchCode == branch {
                let packed = lines.filter { $0.branch == branch && $0.product == line.productCode }.reduce(0) { $0 + $1.cards }
                out += "  " + pad(String(line.number), 4) + "  " + pad(line.productCode, 30) + "  " + pad(String(line.quantity), 7, left: true)
                    + "  " + pad(String(packed), 16, left: true) + "\n"
            }
            let total = order.lines.filter { $0.branchCode == branch }.reduce(0) { $0 + $1.quantity }
            out += "  total" + String(repeating: " ", count: 31) + pad(String(total), 7, left: true) + "  "
                + pad(String(lines.filter { $0.branch == branch }.reduce(0) { $0 + $1.cards }), 16, left: true) + "\n"
        }
        return out
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
