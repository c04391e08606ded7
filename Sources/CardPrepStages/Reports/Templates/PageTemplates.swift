/// The partials every report shares: the A4 print stylesheet with running header and numbered footer, the first
/// page's header, and the sign-off block. A bureau restyles all reports at once by overriding `report-style`.
enum PageTemplates {
    /// `report-style`: the stylesheet, rendered in the context of a `ReportPage`.
    static let style = #"""
        @page { size: A4; margin: 14mm 14mm 14mm 14mm;
          @top-left { content: "{{{partiesCSS}}}"; font: 7.5pt "DejaVu Sans", sans-serif; color: #555; }
          @top-right { content: "{{{documentIDCSS}}}"; font: 7.5pt "DejaVu Sans Mono", monospace; color: #555; }
          @bottom-left { content: "{{{documentIDCSS}}}"; font: 7.5pt "DejaVu Sans Mono", monospace; color: #555; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7.5pt "DejaVu Sans", sans-serif; color: #555; }
        }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; line-height: 1.25; color: #111; margin: 0 auto; max-width: 180mm; }
        header.report { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #111; padding-bottom: 3pt; margin-bottom: 6pt; }
        header.report h1 { font-size: 15pt; margin: 0; } header.report .id { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; text-align: right; }
        .parties { display: flex; gap: 8mm; margin: 2pt 0 4pt; } .parties div { flex: 1; } .parties b { display: block; font-size: 7.5pt; color: #555; font-weight: normal; }
        h2 { font-size: 10pt; border-bottom: 1px solid #999; margin: 6pt 0 2pt; padding-bottom: 1pt; } p { margin: 2pt 0; }
        .sub, .small { color: #555; font-size: 7.5pt; } table { border-collapse: collapse; margin: 2pt 0; }
        th { text-align: left; padding: 1pt 6pt 1pt 0; font-weight: 600; } td { padding: 1pt 6pt 1pt 0; vertical-align: top; }
        table.grid { width: 100%; } table.grid th, table.grid td { border: 1px solid #bbb; padding: 1.5pt 4pt; }
        table.grid thead { display: table-header-group; } tr { break-inside: avoid; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.short td { background: #fde2e1; font-weight: 600; }
        .ok { color: #0a6b2d; } .bad { color: #a3161b; }
        .verdict { font-size: 12pt; font-weight: 700; margin: 4pt 0; }
        .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; } .serials { overflow-wrap: anywhere; }
        .columns { display: flex; gap: 8mm; } .columns > * { flex: 1; }
        section { break-inside: avoid; } svg { width: 100%; height: auto; }
        svg text { font-family: "DejaVu Sans", sans-serif; }
        .signoff { break-inside: avoid; border: 1px solid #111; padding: 4pt 6pt; margin-top: 8pt; }
        .signoff h2 { margin-top: 0; }
        .lines { display: flex; gap: 8mm; margin-top: 9mm; } .lines div { flex: 1; border-top: 1px solid #111; padding-top: 2pt; font-size: 8pt; }
        @media print { body { max-width: none; } }
        """#

    /// `report-head`: the document's start up to the first page's header, in the context of a `ReportPage`.
    static let head = #"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>{{title}} — {{documentID}}</title>
        <style>
        {{> report-style}}
        </style></head><body>
        <header class="report"><h1>{{title}}</h1><div class="id">{{documentID}}<br>{{generated}}</div></header>
        <div class="parties"><div><b>Bureau</b>{{bureau}}</div><div><b>Customer</b>{{customer}}</div></div>
        """#

    /// `sign-off`: the sign-off block, in the context of a `SignOffBlock`.
    static let signOff = #"""
        <section class="signoff"><h2>Sign-off</h2>
        <p>Recorded by <strong>{{recordedBy}}</strong></p>
        {{#notes}}<p class="small">{{.}}</p>
        {{/notes}}<div class="lines">{{#parties}}<div>{{.}} — name, signature, date</div>{{/parties}}</div>
        <p class="small">{{fileSignature}}</p>
        </section>
        """#
}
