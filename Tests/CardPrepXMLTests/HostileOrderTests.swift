import Testing
@testable import CardPrepXML

@Suite struct HostileOrderTests {
    let schema: XMLSchemaValidator

    init() throws { schema = try XMLSchemaValidator(schemaAt: FixturePaths.orderSchema) }

    private func failure(_ name: String, limits: XMLParsingLimits = .init()) -> OrderXMLError? {
        do {
            _ = try OrderParser(limits: limits).parse(fileAt: FixturePaths.order(name), schema: schema)
            return nil
        } catch { return error }
    }

    @Test func externalEntityIsRefusedWithoutReadingTheFile() throws {
        let error = try #require(failure("xxe.xml"))
        guard case .forbiddenEntity(let issue, let name, let external) = error else {
            Issue.record("expected forbiddenEntity, got \(error)")
            return
        }
        #expect(name == "secret")
        #expect(external)
        #expect(issue.line == 3)
        #expect(issue.file.hasSuffix("xxe.xml"))
        #expect(!error.description.contains("root:"))
        #expect(!error.description.contains("/bin/"))
        #expect(error.description.contains("xxe.xml:3:"))
    }

    @Test func billionLaughsIsRefusedAtTheFirstEntityDeclaration() throws {
        let error = try #require(failure("billion-laughs.xml"))
        guard case .forbiddenEntity(let issue, let name, let external) = error else {
            Issue.record("expected forbiddenEntity, got \(error)")
            return
        }
        #expect(name == "lol")
        #expect(!external)
        #expect(issue.line == 3)
    }

    @Test func malformedOrderNamesTheLine() throws {
        let error = try #require(failure("malformed.xml"))
        guard case .malformed(let issue) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(issue.line == 7)
        #expect(issue.column > 0)
        #expect(issue.message.contains("Opening and ending tag mismatch"))
        #expect(error.description.hasPrefix(FixturePaths.order("malformed.xml") + ":7:"))
    }

    @Test func schemaInvalidOrderReportsEveryViolation() throws {
        let error = try #require(failure("schema-invalid.xml"))
        guard case .schemaInvalid(let issues) = error else {
            Issue.record("expected schemaInvalid, got \(error)")
            return
        }
        #expect(issues.count == 2)
        #expect(issues.map(\.line) == [42, 45])
        #expect(issues[0].message.contains("Element 'quantity': '-5'"))
        #expect(issues[1].message.contains("'BR-99'"))
    }

    @Test func deepNestingStopsAtTheDepthLimit() throws {
        let error = try #require(failure("deep.xml"))
        guard case .tooDeep(let issue, let limit) = error else {
            Issue.record("expected tooDeep, got \(error)")
            return
        }
        #expect(limit == 32)
        #expect(issue.line == 72)
    }

    @Test func oversizedFileIsRefusedBeforeParsing() throws {
        let error = try #require(failure("sample-order.xml", limits: XMLParsingLimits(maxBytes: 1024)))
        guard case .tooLarge(_, let bytes, let limit) = error else {
            Issue.record("expected tooLarge, got \(error)")
            return
        }
        #expect(bytes > 1024)
        #expect(limit == 1024)
    }

    @Test func missingFileIsUnreadable() throws {
        let error = try #require(failure("no-such-order.xml"))
        guard case .unreadable = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
    }

    @Test func externalDTDIsRefused() throws {
        let bytes = Array("<?xml version=\"1.0\"?>\n<!DOCTYPE order SYSTEM \"http://example.com/order.dtd\">\n<order/>\n".utf8)
        do {
            _ = try XMLDocumentLoader().parse(bytes, path: "inline.xml")
            Issue.record("expected a refusal")
        } catch {
            guard case .forbiddenDTD(let issue) = error else {
                Issue.record("expected forbiddenDTD, got \(error)")
                return
            }
            #expect(issue.line == 2)
        }
    }

    @Test func laterDropsStillParseAfterARefusal() throws {
        _ = failure("billion-laughs.xml")
        _ = failure("xxe.xml")
        let order = try OrderParser.parse(fileAt: FixturePaths.order("sample-order.xml"), schema: schema)
        #expect(order.lines.count == 3)
    }
}
