/// `acceptance`: a lot's acceptance report, in the context of `AcceptanceReportHTML.View`.
enum AcceptanceTemplate {
    static let text = #"""
        {{#page}}{{> report-head}}{{/page}}
        <p class="sub">ISO 2859-1 single sampling · lot <span class="mono">{{lotID}}</span></p>
        <div class="columns">
        <section><h2>Order</h2><table>
        {{#order}}<tr><th>{{label}}</th><td>{{value}}</td></tr>
        {{/order}}</table></section>
        <section><h2>Plan</h2><table>
        {{#plan}}<tr><th>{{label}}</th><td>{{value}}</td></tr>
        {{/plan}}</table></section>
        </div>
        <table class="grid"><thead><tr><th>Class</th><th>Severity</th><th>AQL</th><th>Code letter</th><th class="n">n</th><th class="n">Ac</th><th class="n">Re</th><th class="n">Found</th><th>Decision</th></tr></thead><tbody>
        {{#classes}}<tr><td>{{defectClass}}</td><td>{{severity}}</td><td>{{aql}}</td><td>{{codeLetter}}</td><td class="n">{{inspected}}</td><td class="n">{{acceptNumber}}</td><td class="n">{{rejectNumber}}</td><td class="n">{{found}}</td><td class="{{#accepted}}ok{{/accepted}}{{^accepted}}bad{{/accepted}}">{{decision}}</td></tr>
        {{/classes}}</tbody></table>
        <section class="decision"><p class="verdict {{#accepted}}ok{{/accepted}}{{^accepted}}bad{{/accepted}}">Decision: {{verdict}}</p>
        <p>{{summary}}; qualification rate <strong>{{qualificationRate}}</strong>.</p>
        {{#switching}}<p>{{switching}}</p>{{/switching}}
        {{#disposition}}<p class="disposition"><strong>{{disposition}}</strong></p>{{/disposition}}
        </section>
        <section><h2>Defects found</h2>
        {{^hasDefects}}<p>None.</p>{{/hasDefects}}
        {{#hasDefects}}<table class="grid"><thead><tr><th>Serial</th><th>Class</th><th>Code</th><th>Inspector</th></tr></thead><tbody>{{/hasDefects}}
        {{#defects}}<tr><td class="mono">{{serial}}</td><td>{{defectClass}}</td><td>{{code}}</td><td>{{inspector}}</td></tr>
        {{/defects}}{{#hasDefects}}</tbody></table>{{/hasDefects}}
        </section>
        <section><h2>{{historyTitle}}</h2>
        {{{chart}}}
        </section>
        {{#signOff}}{{> sign-off}}{{/signOff}}
        <section><h2>Sample (pick list)</h2><p class="mono">Seed {{seed}}{{#samplePrefix}} · serials below follow {{samplePrefix}}{{/samplePrefix}}</p>
        <p class="serials mono">{{sample}}</p></section>
        </body></html>
        """#
}
