/// `reconciliation`: a drop's reconciliation report, in the context of `ReconciliationView`.
enum ReconciliationTemplate {
    static let text = #"""
        {{#page}}{{> report-head}}{{/page}}
        <table>
        {{#facts}}<tr><th>{{label}}</th><td>{{value}}</td></tr>
        {{/facts}}</table>
        <p class="verdict {{#clean}}ok{{/clean}}{{^clean}}bad{{/clean}}">{{verdict}}</p>
        <section><h2>Branches and products</h2>
        <table class="grid"><thead><tr><th>Branch</th><th>Product</th><th class="n">Ordered</th><th class="n">Good</th><th class="n">Spoiled</th><th class="n">Delivered</th></tr></thead><tbody>
        {{#branches}}<tr{{#short}} class="short"{{/short}}><td>{{branch}}</td><td>{{product}}</td><td class="n">{{ordered}}</td><td class="n">{{good}}</td><td class="n">{{spoiled}}</td><td class="n">{{delivered}}</td></tr>
        {{/branches}}</tbody></table>
        {{{chart}}}
        </section>
        <section><h2>Deliveries</h2>
        {{^hasShipments}}<p>Nothing shipped yet.</p>{{/hasShipments}}
        {{#hasShipments}}<table class="grid"><thead><tr><th>Shipment</th><th>Branch</th><th>Carrier</th><th>Dispatched</th><th class="n">Boxes</th><th class="n">Cards</th><th>Received</th></tr></thead><tbody>{{/hasShipments}}
        {{#shipments}}<tr><td>{{shipment}}</td><td>{{branch}}</td><td>{{carrier}}</td><td>{{dispatched}}</td><td class="n">{{boxes}}</td><td class="n">{{cards}}</td><td>{{received}}</td></tr>
        {{/shipments}}{{#hasShipments}}</tbody></table>{{/hasShipments}}
        </section>
        <div class="columns">
        <section><h2>Stock</h2><p>{{stock}}</p>
        {{#stockFindings}}<p class="bad small">{{code}}: {{message}}</p>
        {{/stockFindings}}</section>
        <section><h2>Destruction</h2><p>{{destruction}}</p></section>
        </div>
        {{#hasDestructions}}<table class="grid"><thead><tr><th>Serial</th><th>Batch / destruction</th><th>State</th></tr></thead><tbody>
        {{#destructions}}<tr class="short"><td class="mono">{{serial}}</td><td class="mono">{{batch}}</td><td>{{state}}</td></tr>
        {{/destructions}}</tbody></table>{{/hasDestructions}}
        <section><h2>Findings</h2>
        {{^hasFindings}}<p>None.</p>{{/hasFindings}}
        {{#hasFindings}}<table class="grid"><thead><tr><th>Code</th><th>Where</th><th class="n">Expected</th><th class="n">Actual</th><th>Message</th></tr></thead><tbody>{{/hasFindings}}
        {{#findings}}<tr class="short"><td>{{code}}</td><td>{{location}}</td><td class="n">{{expected}}</td><td class="n">{{actual}}</td><td>{{message}}</td></tr>
        {{/findings}}{{#hasFindings}}</tbody></table>{{/hasFindings}}
        </section>
        {{#signOff}}{{> sign-off}}{{/signOff}}
        </body></html>
        """#
}
