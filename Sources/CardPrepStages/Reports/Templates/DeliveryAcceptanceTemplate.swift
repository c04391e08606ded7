/// `delivery-acceptance`: a delivery's acceptance report, in the context of `DeliveryAcceptanceView`.
enum DeliveryAcceptanceTemplate {
    static let text = #"""
        {{#page}}{{> report-head}}{{/page}}
        <section><h2>Delivery</h2><table>
        {{#facts}}<tr><th>{{label}}</th><td>{{value}}</td></tr>
        {{/facts}}</table>
        <table class="grid"><thead><tr><th>Product</th><th class="n">Ordered</th><th class="n">Delivered</th></tr></thead><tbody>
        {{#products}}<tr{{#short}} class="short"{{/short}}><td>{{product}}</td><td class="n">{{ordered}}</td><td class="n">{{delivered}}</td></tr>
        {{/products}}</tbody></table></section>
        <section><h2>Inspection lots</h2>
        {{^hasLots}}<p>No lot inspected.</p>{{/hasLots}}
        {{#hasLots}}<table class="grid"><thead><tr><th>Lot</th><th>Product</th><th class="n">Size</th><th>Severity</th><th class="n">Inspected</th><th class="n">Defective</th><th class="n">Qualification</th><th>Decision</th><th>Signed by</th></tr></thead><tbody>{{/hasLots}}
        {{#lots}}<tr><td class="mono">{{lot}}</td><td>{{product}}</td><td class="n">{{size}}</td><td>{{severity}}</td><td class="n">{{inspected}}</td><td class="n">{{defective}}</td><td class="n">{{qualificationRate}}</td><td class="{{#accepted}}ok{{/accepted}}{{^accepted}}bad{{/accepted}}">{{decision}}</td><td>{{decidedBy}}</td></tr>
        {{/lots}}{{#hasLots}}</tbody></table>{{/hasLots}}
        </section>
        <p class="verdict {{#accepted}}ok{{/accepted}}{{^accepted}}bad{{/accepted}}">{{verdict}}</p>
        {{#signOff}}{{> sign-off}}{{/signOff}}
        </body></html>
        """#
}
