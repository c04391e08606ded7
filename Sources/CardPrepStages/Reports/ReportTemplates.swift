import Foundation
import Mustache

/// The Mustache templates the signed reports are made from (HTML-escaping on: `{{name}}` is always text; `{{{name}}}`
/// is used only for chart SVG and CSS strings the code has escaped itself). The built-in templates are compiled in; a
/// bureau restyles a report by putting a file of the same name (`acceptance.mustache`, `report-style.mustache`, …) in
/// the folder its pipeline names as `report_templates`. `cardprep check` reports a template there that does not parse.
public struct ReportTemplates: Sendable {
    /// The names of the templates, each a file `<name>.mustache` in an override folder.
    public enum Name: String, CaseIterable, Sendable {
        /// The shared A4 print stylesheet (running header, numbered footer).
        case style = "report-style"
        /// The document's start and the first page's header.
        case head = "report-head"
        /// The sign-off block.
        case signOff = "sign-off"
        /// A lot's acceptance report.
        case acceptance
        /// A delivery's acceptance report.
        case deliveryAcceptance = "delivery-acceptance"
        /// A drop's reconciliation report.
        case reconciliation
        /// A shipment's delivery list, signed by the receiver.
        case deliveryList = "delivery-list"
        /// A customer's card stock statement.
        case stockStatement = "stock-statement"
        /// A trace's evidence page.
        case traceEvidence = "trace-evidence"

        /// The built-in text of the template.
        var builtIn: String {
            switch self {
            case .style: PageTemplates.style
            case .head: PageTemplates.head
            case .signOff: PageTemplates.signOff
            case .acceptance: AcceptanceTemplate.text
            case .deliveryAcceptance: DeliveryAcceptanceTemplate.text
            case .reconciliation: ReconciliationTemplate.text
            case .deliveryList: DeliveryListTemplate.text
            case .stockStatement: StockStatementTemplate.text
            case .traceEvidence: TraceEvidenceTemplate.text
            }
        }
    }

    private let library: MustacheLibrary
    /// The templates taken from the override folder, by name.
    public let overridden: [Name]

    /// The built-in templates.
    public static let builtIn = ReportTemplates()

    private init() {
        var library = MustacheLibrary()
        for name in Name.allCases {
            // The built-in templates parse: ReportTemplateTests renders each of them.
            try! library.register(name.builtIn, named: name.rawValue)
        }
        self.library = library
        overridden = []
    }

    /// The built-in templates with those in `folder` put in their place; nil or an empty folder name: the built-in ones.
    /// - Throws: `ReportTemplateError` for a template in `folder` that cannot be read or does not parse.
    public init(overrides folder: String?) throws(ReportTemplateError) {
        guard let folder, !folder.isEmpty else { self = .builtIn; return }
        var library = ReportTemplates.builtIn.library
        var overridden: [Name] = []
        for name in Name.allCases {
            let path = folder + "/" + name.rawValue + ".mustache"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .unreadable(path: path)
            }
            do { try library.register(text, named: name.rawValue) } catch {
                throw ReportTemplateError(path: path, parserError: error)
            }
            overridden.append(name)
        }
        self.library = library
        self.overridden = overridden
    }

    /// Every problem with the templates in `folder`: unreadable or unparsable files, and `.mustache` files whose name is
    /// no template's (they would be ignored). Empty when all is well or the folder is missing.
    public static func problems(in folder: String) -> [ReportTemplateError] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [.missingFolder(path: folder)] }
        var problems: [ReportTemplateError] = []
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let path = folder + "/" + file
            guard Name(rawValue: String(file.dropLast(".mustache".count))) != nil else {
                problems.append(.unknownName(path: path, known: Name.allCases.map(\.rawValue)))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append(.unreadable(path: path))
                continue
            }
            do { _ = try MustacheTemplate(string: text) } catch { problems.append(ReportTemplateError(path: path, parserError: error)) }
        }
        return problems
    }

    /// Renders `model` (a view model of already formatted text) with the template `name`.
    func render(_ name: Name, _ model: Any) -> String {
        library.render(model, withTemplate: name.rawValue) ?? ""
    }
}

/// A report template that cannot be used.
public enum ReportTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The override folder named by `report_templates` is not there.
    case missingFolder(path: String)
    /// The file cannot be read as UTF-8 text.
    case unreadable(path: String)
    /// The file does not parse as Mustache: where and why.
    case syntax(path: String, line: Int, column: Int, reason: String)
    /// The file's name is no template's.
    case unknownName(path: String, known: [String])

    init(path: String, parserError: any Error) {
        if let error = parserError as? MustacheTemplate.ParserError {
            self = .syntax(path: path, line: error.context.lineNumber, column: error.context.columnNumber, reason: "\(error.error)")
        } else {
            self = .syntax(path: path, line: 0, column: 0, reason: "\(parserError)")
        }
    }

    /// The file concerned.
    public var path: String {
        switch self {
        case let .missingFolder(path), let .unreadable(path), let .syntax(path, _, _, _), let .unknownName(path, _): path
        }
    }

    public var description: String {
        switch self {
        case let .missingFolder(path): "report template folder \(path) does not exist"
        case let .unreadable(path): "\(path): cannot be read as UTF-8 text"
        case let .syntax(path, line, column, reason): "\(path):\(line):\(column): the template does not parse (\(reason))"
        case let .unknownName(path, known):
            "\(path): no report template has this name, so it would be ignored (known: \(known.joined(separator: ", ")))"
        }
    }
}
