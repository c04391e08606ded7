import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

/// The report templates: the built-in ones, a bureau's override folder (`report_templates`), the checks on it, and the
/// one formatter of numbers, counts and times.
@Suite struct ReportTemplateTests {
    @Test func numbersCountsAndTimesAreFormattedOnce() {
        #expect(ReportFormat.percent(97.6) == "97.60 %" && ReportFormat.percent(976, of: 1000) == "97.60 %")
        #expect(ReportFormat.count(1, "discrepancy", "discrepancies") == "1 discrepancy")
        #expect(ReportFormat.count(3, "discrepancy", "discrepancies") == "3 discrepancies")
        #expect(ReportFormat.count(12000, "card") == "12,000 cards")
        #expect(ReportFormat.time("2026-11-29T14:03:07.123Z") == "2026-11-29 14:03 UTC")
        #expect(ReportFormat.time(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00 UTC")
    }

    @Test func aTemplateInTheOverrideFolderReplacesTheBuiltInOne() throws {
        let folder = try ReportPrintTests.folder()
        try "<p>Our own layout for {{#page}}{{customer}}{{/page}}: {{#lots}}{{lot}} {{qualificationRate}}{{/lots}}</p>"
            .write(toFile: folder + "/delivery-acceptance.mustache", atomically: true, encoding: .utf8)
        let templates = try ReportTemplates(overrides: folder)
        #expect(templates.overridden == [.deliveryAcceptance])
        let report = ReportPrintTests.deliveryReport(customerName: "Northwind <Bank>")
        #expect(report.html(templates: templates) == "<p>Our own layout for Northwind &lt;Bank&gt;: LOT-1 97.60 %</p>")
        #expect(report.html().contains("<!DOCTYPE html>"), "the built-in template is still the default")
    }

    @Test func theStylesheetCanBeOverriddenForEveryReport() throws {
        let folder = try ReportPrintTests.folder()
        try "body { font-family: serif; }".write(toFile: folder + "/report-style.mustache", atomically: true, encoding: .utf8)
        let html = ReportPrintTests.deliveryReport(customerName: "N").html(templates: try ReportTemplates(overrides: folder))
        #expect(html.contains("body { font-family: serif; }") && !html.contains("@page"))
    }

    @Test func aTemplateThatDoesNotParseIsReportedWithItsFile() throws {
        let folder = try ReportPrintTests.folder()
        try "<h1>{{#page}}{{title}}</h1>\n{{/lots}}".write(toFile: folder + "/acceptance.mustache", atomically: true, encoding: .utf8)
        try "{{x}}".write(toFile: folder + "/acceptence.mustache", atomically: true, encoding: .utf8)
        let problems = ReportTemplates.problems(in: folder)
        #expect(problems.count == 2)
        guard case let .syntax(path, line, _, _) = problems.first(where: { $0.path.hasSuffix("/acceptance.mustache") }) else {
            Issue.record("\(problems)")
            return
        }
        #expect(path == folder + "/acceptance.mustache" && line == 2)
        #expect(problems.contains(.unknownName(path: folder + "/acceptence.mustache", known: ReportTemplates.Name.allCases.map(\.rawValue))))
        #expect(throws: ReportTemplateError.self) { try ReportTemplates(overrides: folder) }
        #expect(ReportTemplates.problems(in: folder + "/missing") == [.missingFolder(path: folder + "/missing")])
    }

    @Test func thePipelineNamesTheOverrideFolder() throws {
        let folder = try ReportPrintTests.folder()
        try """
            version: 1
            name: t
            inbox: inbox
            output: out
            report_templates: templates
            keys:
              identity: keys/bureau.agekey
            """.write(toFile: folder + "/pipeline.yml", atomically: true, encoding: .utf8)
        let pipeline = try PipelineDefinition.load(path: folder + "/pipeline.yml")
        #expect(pipeline.reportTemplates == URL(fileURLWithPath: folder + "/templates").standardizedFileURL.path)
    }

    @Test func checkReportsATemplateThatDoesNotParseWithItsFileAndLine() throws {
        let folder = try ReportPrintTests.folder()
        try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true)
        try "<p>\n{{#lots}}{{lot}}\n".write(toFile: folder + "/templates/reconciliation.mustache", atomically: true, encoding: .utf8)
        try """
            version: 1
            name: t
            inbox: inbox
            output: out
            report_templates: templates
            keys:
              identity: keys/bureau.agekey
            """.write(toFile: folder + "/pipeline.yml", atomically: true, encoding: .utf8)
        let report = ConfigurationCheck(pipelineFile: folder + "/pipeline.yml", scope: .beforeRun).run()
        let templates = report.problems.filter { $0.area == .template }
        #expect(templates.count == 1 && templates.first?.file.hasSuffix("/templates/reconciliation.mustache") == true, "\(report.findings)")
        #expect(templates.first?.reason.contains("does not parse") == true)
    }
}
