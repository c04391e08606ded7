import CardPrepCore
import Foundation

/// The delivery list as the receiver signs it (`delivery-list-<shipment>.html`): one A4 page (for the usual delivery)
/// with the destination address and contact, carrier and tracking, every box with its seal number, products,
/// quantities and serial ranges, the products ordered against those delivered for the branch, and a block for the
/// receiver to sign. Every value is HTML-escaped. Signed like the text list (namespace `cardprep-delivery`).
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
    public static func html(order: Order, lines: [ShipmentLine], boxes: [ShipmentBox]?, production: [ProductionResult],
                            generated: String) -> String {
        guard let first = lines.first else { return "" }
        let branch = order.customerUnit.branch(code: first.branch)
        let address = branch?.address ?? order.delivery.address
        let contact = order.delivery.contact
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Delivery list \(e(first.shipment))</title>
            <style>
            body{font:10pt/1.35 system-ui,sans-serif;margin:2em;color:#111}
            table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
            th,td{border:1px solid #999;padding:.2em .4em;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .cols{display:flex;gap:2em}.cols>div{flex:1}
            .sign{border:1px solid #111;padding:.6em;margin-top:1em;break-inside:avoid}
            .sign p{margin:.9em 0}.line{display:inline-block;border-bottom:1px solid #111;min-width:14em}
            h1{font-size:15pt;margin:0 0 .3em}h2{font-size:11.5pt;margin:.8em 0 .2em}
            @page{size:A4;margin:12mm}@media print{body{margin:0}tr{break-inside:avoid}}
            </style></head><body>
            <h1>Delivery list — shipment \(e(first.shipment))</h1>
            <p>Order \(e(order.id)) · contract \(e(order.contractNumber)) · \(e(order.customer.name)) \
            (\(e(order.customerUnit.code))) · generated \(e(generated))</p>
            <div class="cols"><div>
            <h2>Deliver to</h2>
            <p>\(e(branch?.name ?? order.customerUnit.name)) (branch \(e(first.branch)))<br>
            \((address.street + ["\(address.postalCode) \(address.city)", address.country]).map(e).joined(separator: "<br>"))</p>
            <h2>Contact</h2>
            <p>\(e(contact.name))<br>\(e(contact.phone))<br>\(e(contact.email))</p>
            </div><div>
            <h2>Transport</h2>
            <p>Carrier: \(e(first.carrier.rawValue))<br>Tracking: \(e(first.tracking))<br>
            Dispatched: \(e(Timestamp.iso8601(first.dispatched)))<br>Boxes: \(first.boxes)<br>
            Cards: \(lines.reduce(0) { $0 + $1.cards })<br>Sealing: \(e(order.packaging.sealing.rawValue))</p>
            </div></div>

            """
        page += boxSection(lines, boxes: boxes, production: production)
        page += ReconcileHTMLReport.section(
            "Ordered and delivered", ["Line", "Product", "Ordered", "In this delivery"],
            order.lines.filter { $0.branchCode == first.branch }.map { line in
                [String(line.number), line.productCode, ReconcileHTMLReport.n(line.quantity),
                 ReconcileHTMLReport.n(lines.filter { $0.product == line.productCode }.reduce(0) { $0 + $1.cards })]
            })
        page += """
            <div class="sign"><h2>Receipt</h2>
            <p>Received \(first.boxes) box(es) of shipment \(e(first.shipment)), seals intact and numbers as listed above.</p>
            <p>Boxes received: <span class="line"></span> &nbsp; Seals checked: ☐ yes ☐ no (note below)</p>
            <p>Name: <span class="line"></span> &nbsp; Date and time: <span class="line"></span></p>
            <p>Signature: <span class="line"></span></p>
            <p>Remarks: <span class="line" style="min-width:38em"></span></p>
            </div>
            </body></html>

            """
        return page
    }

    private static func boxSection(_ lines: [ShipmentLine], boxes: [ShipmentBox]?, production: [ProductionResult]) -> String {
        if let boxes {
            let packed = boxes.filter { $0.shipment == lines[0].shipment }.sorted { ($0.box, $0.product) < ($1.box, $1.product) }
            return ReconcileHTMLReport.section(
                "Boxes", ["Box", "Seal", "Product", "Cards", "Serials"],
                packed.map { [ReconcileHTMLReport.n($0.box), $0.seal.isEmpty ? "—" : $0.seal, $0.product,
                              ReconcileHTMLReport.n($0.cards), $0.serials.map(\.description).joined(separator: ", ")] })
        }
        let rows = lines.map { line in
            let serials = production.filter { $0.status == .good && line.batches.contains($0.batch) }.map(\.serial).sorted()
            return [line.product, ReconcileHTMLReport.n(line.cards), SerialRange.ranges(of: serials).joined(separator: ", ")]
        }
        return "<h2>Boxes</h2>\n<p>\(lines[0].boxes) box(es); the floor did not itemise them (no boxes.csv): seal numbers are "
            + "written on the receipt below.</p>\n"
            + ReconcileHTMLReport.section("Products and serials", ["Product", "Cards", "Serials"], rows)
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }
}
