import Testing

@testable import CardPrepStages

@Suite struct PipelineDefinitionTests {
    static let valid = """
        version: 1
        name: nightly
        inbox: /srv/inbox
        output: out
        keys:
          identity: keys/bureau.agekey
        stages: [ingest]
        inbox_rules:
          settle: 2m
          stale_after: 1d
        """

    @Test func readsADefinitionAndResolvesPathsFromItsFolder() throws {
        let definition = try PipelineDefinition.parse(text: Self.valid, file: "/etc/cardprep/nightly.yml")
        #expect(definition.inbox == "/srv/inbox")
        #expect(definition.output == "/etc/cardprep/out")
        #expect(definition.identityFile == "/etc/cardprep/keys/bureau.agekey")
        #expect(definition.customersFolder == "/etc/cardprep/customers")
        #expect(definition.settleTime == .seconds(120))
        #expect(definition.staleAfter == .seconds(86_400))
        #expect(definition.stages == [.ingest])
    }

    @Test(arguments: [
        ("inbox: /srv/inbox", "inbx: /srv/inbox", 3, "unknown key 'inbx'"),
        ("version: 1", "version: 2", 1, "'version': must be 1"),
        ("stages: [ingest]", "stages: [ingest, polish]", 7, "unknown stage 'polish'"),
        ("  settle: 2m", "  settle: soon", 9, "'settle': 'soon' is not a duration"),
        ("inbox: /srv/inbox", "inbox: /srv/inbox: x", 3, "not valid YAML"),
        ("  identity: keys/bureau.agekey", "  identity: keys/bureau.agekey\n  passphrase: x", 7, "unknown key 'passphrase'"),
    ])
    func mistakesAreRefusedWithTheirLine(original: String, replacement: String, line: Int, reason: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try PipelineDefinition.parse(text: text, file: "p.yml")
            Issue.record("accepted a definition with a mistake")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.description.hasPrefix("p.yml:\(line): "))
        }
    }

    @Test(arguments: [("90s", 90), ("30m", 1800), ("6h", 21_600), ("14d", 1_209_600), ("24mo", 62_208_000), ("2y", 63_072_000)])
    func durations(text: String, seconds: Int64) { #expect(DurationText.seconds(text) == seconds) }

    @Test(arguments: ["", "h", "5 weeks", "-3s", "3.5h"])
    func notDurations(text: String) { #expect(DurationText.seconds(text) == nil) }
}
