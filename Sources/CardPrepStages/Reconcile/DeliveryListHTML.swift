import CardPrepCore
import Foundation

/// The delivery list as the receiver signs it (`delivery-list-<shipment>.html`), made from the `delivery-list`
/// template: one A4 page (for the usual delivery) naming the bureau and the customer, with the document ID
/// `DL-<shipment>` on every page, the destination address and contact, carrier and tracking, every box with its seal
/// number, products, quantities and serial ranges, the products ordered against those delivered for the branch, a
/// receipt for the receiver and the sign-off block. Every value is HTML-escaped. Signed like the text list (namespace
/// `cardprep-delivery`).
public enum DeliveryListHTML {
    /// The file name of a shipment's HTML list.
    public static func fileName(shipment: String) -> String {
        String(DeliveryList.fileName(shipment: shipment).dropLast(4)) + ".html"
    }

    /// The page for the lines of one shipment.
    /// - Parameters:
    ///   - order: the order the shipment belongs to.
    ///   - lines: the shipment's lines of `shipping.csv`.
    ///   - boxes: its boxes from `boxes.csv`; nil when the floor did not itemise them (the serials are then taken from
    ///     the good cards of the batches shipped).
    ///   - production: the stations' results, for those serials.
    ///   - generated: when the list was made (ISO 8601).
    ///   - bureau: the bureau's name, printed on every page.
    ///   - templates: the report templates (a bureau's `report_templates` overrides).
    public static func html(order: Order, lines: [ShipmentLine], boxes: [ShipmentBox]?, production: [ProductionResult],
                            generated: String, bureau: String = "", templates: ReportTemplates = .builtIn) -> String {
        guard !lines.isEmpty else { return "" }
        return templates.render(.deliveryList, DeliveryListView(order: order, lines: lines, boxes: boxes, production: production,
                                                                bureau: bureau, generated: generated))
    }
}
