/// `stock-statement`: a customer's card stock statement, in the context of `StockStatementView`.
enum StockStatementTemplate {
    static let text = #"""
        {{#page}}{{> report-head}}{{/page}}
        <p class="sub">Period {{period}}: {{from}} to {{until}} (end excluded) · customer code {{customer}}</p>
        <section><h2>Balances</h2>
        {{^hasAccounts}}<p>No stock held or moved in the period.</p>{{/hasAccounts}}
        {{#hasAccounts}}<table class="grid"><thead><tr><th>Location</th><th>Product</th><th>Class</th><th class="n">Opening</th><th class="n">In</th><th class="n">Out</th><th class="n">Closing</th><th class="n">of which awaiting destruction</th></tr></thead><tbody>
        {{#accounts}}<tr{{^addsUp}} class="short"{{/addsUp}}><td>{{place}}</td><td>{{product}}</td><td>{{stockClass}}</td><td class="n">{{opening}}</td><td class="n">{{cardsIn}}</td><td class="n">{{cardsOut}}</td><td class="n">{{closing}}</td><td class="n">{{awaitingDestruction}}</td></tr>
        {{/accounts}}</tbody></table>
        <p class="small">For every account: opening + in − out = closing.</p>{{/hasAccounts}}
        </section>
        {{#accounts}}<section class="account"><h2>{{place}} · {{product}} · {{stockClass}}</h2>
        <table class="grid"><thead><tr><th>Time</th><th>Movement</th><th class="n">In</th><th class="n">Out</th><th class="n">Balance</th><th>Reference</th><th>Note</th></tr></thead><tbody>
        <tr><td>{{from}}</td><td>opening balance</td><td></td><td></td><td class="n">{{opening}}</td><td></td><td></td></tr>
        {{#lines}}<tr><td>{{time}}</td><td>{{kind}}</td><td class="n">{{cardsIn}}</td><td class="n">{{cardsOut}}</td><td class="n">{{balance}}</td><td>{{reference}}</td><td>{{note}}</td></tr>
        {{/lines}}<tr><td></td><td><strong>closing balance</strong></td><td class="n"><strong>{{cardsIn}}</strong></td><td class="n"><strong>{{cardsOut}}</strong></td><td class="n"><strong>{{closing}}</strong></td><td></td><td></td></tr>
        </tbody></table></section>
        {{/accounts}}
        {{#signOff}}{{> sign-off}}{{/signOff}}
        </body></html>
        """#
}
