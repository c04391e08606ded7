import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// The sample drop and demo keys staged in a temporary folder, with a pipeline definition over them,
/// the way `Pipelines/demo.sh` stages them under Output/.
final class SampleWorkspace {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    let folder = try! TemporaryFolder()
    var root: String { folder.url.path }
    var pipeline: String { root + "/pipeline.yml" }
    var output: String { root + "/out" }
    var temporary: String { root + "/tmp" }

    /// - Parameters:
    ///   - production: the set of `Fixtures/reconcile/` whose floor reports the pipeline reads, or nil for none.
    ///   - signDestructions: whether, for a pipeline that reconciles, the destructions of the set's `destruction.csv`
    ///     are first signed in the ledger with
    ///     `cardprep stock destroy` by the demo staff (executor bob, witnesses erin, alice and dave), as
    ///     `Pipelines/demo.sh` does; without, reconcile finds them unsigned.
    ///   - ledger: the pipeline's `ledger` key (a PostgreSQL URL), or nil for the SQLite ledger in the output folder.
    init(stages: [String] = ["ingest", "validate", "transform", "reconcile", "archive"], production: String? = "clean",
         signDestructions: Bool = true, ledger: String? = nil) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        for name in ["bureau.agekey", "bureau-signing", "fingerprint.key", "vault.agekey", "station.agekey",
                     "vault.agekey.pub", "allowed_signers"] {
            try fm.copyItem(atPath: Self.packageRoot + "/Fixtures/keys/demo-" + name, toPath: root + "/keys/" + name)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/keys/" + name)
        }
        try fm.copyItem(atPath: Self.packageRoot + "/Fixtures/sample-inbox", toPath: root + "/inbox")
        if let production { try fm.copyItem(atPath: Self.packageRoot + "/Fixtures/reconcile/" + production, toPath: root + "/production") }
        try """
            version: 1
            name: sample-test
            inbox: inbox
            output: out
            customers: \(Self.packageRoot)/Pipelines/customers
            machines: \(Self.packageRoot)/Pipelines/machines
            order_schema: \(Self.packageRoot)/Pipelines/schemas/order-v1.xsd
            production_inputs: production
            stages: [\(stages.joined(separator: ", "))]
            vault:
              recipients: keys/vault.agekey.pub
              identity: keys/vault.agekey
              allowed_signers: keys/allowed_signers
            keys:
              identity: keys/bureau.agekey
              signing: keys/bureau-signing
              fingerprint: keys/fingerprint.key
            inbox_rules:
              settle: 0s
            \(ledger.map { "ledger: " + $0 } ?? "")
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
        if production != nil, stages.contains("reconcile"), signDestructions { try signFloorDestructions() }
    }

    /// Runs `cardprep` with this workspace's temporary folder as TMPDIR.
    func cardprep(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
        try BuiltExecutable(name: "cardprep").run(arguments, in: folder.url, environment: ["TMPDIR": temporary])
    }

    /// The card numbers of the sample drop, read by decrypting it in memory with the demo bureau key.
    static func sampleCardNumbers() throws -> [String] {
        let folder = packageRoot + "/Fixtures/sample-inbox/cust-01/drop-20261101-01"
        let file = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".age") }!
        let identityText = try String(contentsOfFile: packageRoot + "/Fixtures/keys/demo-bureau.agekey", encoding: .utf8)
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: folder + "/" + file),
                                             identities: try AgeKeyText.identities(parsing: identityText))
        let text = String(decoding: try source.readAll(), as: UTF8.self)
        let numbers = text.split(separator: "\n").filter { $0.hasPrefix("D|") }.map { String($0.split(separator: "|", omittingEmptySubsequences: false)[5]) }
        // Also as embossers print them: in groups of four.
        let grouped = numbers.map { number in
            stride(from: 0, to: number.count, by: 4).map { String(Array(number)[$0..<min($0 + 4, number.count)]) }.joined(separator: " ")
        }
        return numbers + grouped
    }

    /// Every file under `folder` whose bytes contain any of `needles`.
    static func files(under folder: String, containing needles: [String]) throws -> [String] {
        var hits: [String] = []
        let fm = FileManager.default
        for path in fm.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = fm.contents(atPath: folder + "/" + path) else { continue }
            for needle in needles where data.range(of: Data(needle.utf8)) != nil {
                hits.append(path)
                break
            }
        }
        return hits
    }
}
