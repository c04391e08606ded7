/// `delivery-list`: the delivery list the receiver signs, in the context of `DeliveryListView`.
enum DeliveryListTemplate {
    static let text = #"""
        {{#page}}{{> report-head}}{{/page}}
        <p>Order {{orderID}} · contract {{contract}} · {{customerUnit}}</p>
        <div class="columns"><div>
        <h2>Deliver to</h2>
        <p>{{destination}} (branch {{branch}})<br>{{#addressLines}}{{.}}<br>{{/addressLines}}</p>
        <h2>Contact</h2>
        <p>{{contactName}}<br>{{contactPhone}}<br>{{contactEmail}}</p>
        </div><div>
        <h2>Transport</h2>
        <table>{{#transport}}<tr><th>{{label}}</th><td>{{value}}</td></tr>
        {{/transport}}</table>
        </div></div>
        {{#itemised}}<h2>Boxes</h2>
        {{^hasBoxes}}<p>None.</p>{{/hasBoxes}}
        {{#hasBoxes}}<table class="grid"><thead><tr><th class="n">Box</th><th>Seal</th><th>Product</th><th class="n">Cards</th><th>Serials</th></tr></thead><tbody>{{/hasBoxes}}
        {{#boxes}}<tr><td class="n">{{box}}</td><td>{{seal}}</td><td>{{product}}</td><td class="n">{{cards}}</td><td class="mono serials">{{serials}}</td></tr>
        {{/boxes}}{{#hasBoxes}}</tbody></table>{{/hasBoxes}}{{/itemised}}
        {{^itemised}}<h2>Boxes</h2>
        <p>{{boxCount}}; the floor did not itemise them (no boxes.csv): seal numbers are written on the receipt below.</p>
        <h2>Products and serials</h2>
        <table class="grid"><thead><tr><th>Product</th><th class="n">Cards</th><th>Serials</th></tr></thead><tbody>
        {{#products}}<tr><td>{{product}}</td><td class="n">{{cards}}</td><td class="mono serials">{{serials}}</td></tr>
        {{/products}}</tbody></table>{{/itemised}}
        <h2>Ordered and delivered</h2>
        <table class="grid"><thead><tr><th class="n">Line</th><th>Product</th><th class="n">Ordered</th><th class="n">In this delivery</th></tr></thead><tbody>
        {{#ordered}}<tr{{#short}} class="short"{{/short}}><td class="n">{{line}}</td><td>{{product}}</td><td class="n">{{ordered}}</td><td class="n">{{delivered}}</td></tr>
        {{/ordered}}</tbody></table>
        <section class="signoff"><h2>Receipt</h2>
        <p>Received {{boxCount}} of shipment {{shipment}}, seals intact and numbers as listed above.</p>
        <p>Boxes received: ________ &nbsp; Seals checked: ☐ yes ☐ no (note below)</p>
        <p>Name: ______________________ &nbsp; Date and time: ______________ &nbsp; Signature: ______________________</p>
        <p>Remarks: ____________________________________________________________</p>
        </section>
        {{#signOff}}{{> sign-off}}{{/signOff}}
        </body></html>
        """#
}
