/// `trace-evidence`: a trace's evidence page for a customer, in the context of `TraceEvidenceView`.
enum TraceEvidenceTemplate {
    static let text = #"""
        {{#page}}{{> report-head}}{{/page}}
        <p>Generated {{generated}} · looked up by {{query}} · {{cardCount}}</p>
        <p class="small">Card numbers are shown masked (first six and last four digits).</p>
        {{#cards}}<section><h2>{{number}}. {{title}}</h2>
        <table class="grid"><tbody>
        {{#rows}}<tr><th{{#sub}} style="padding-left:12pt;font-weight:normal"{{/sub}}>{{label}}</th><td>{{value}}</td></tr>
        {{/rows}}</tbody></table></section>
        {{/cards}}{{^hasCards}}<p>No card found.</p>{{/hasCards}}
        {{#signOff}}{{> sign-off}}{{/signOff}}
        </body></html>
        """#
}
