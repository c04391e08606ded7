import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// The folder a bench runs in: one generated drop in an inbox, the demo keys, and a pipeline definition
/// (ingest, validate, transform, archive; settle 0s) over them. Card data is only ever written encrypted.
public struct BenchWorkspace: Sendable {
    /// The bench's folder.
    public let root: String
    /// The pipeline definition file.
    public var pipelinePath: String { root + "/pipeline.yml" }
    /// The bureau's age identity, which decrypts the drop's card data.
    public var identityPath: String { root + "/keys/bureau.agekey" }
    /// The drop's encrypted card data file (set by `generate`).
    public private(set) var cardFile = ""
    /// Cards in the drop.
    public private(set) var cards = 0

    static let keyFiles = ["bureau.agekey", "bureau-signing", "fingerprint.key", "vault.agekey", "vault.agekey.pub", "allowed_signers"]

    /// Prepares a workspace in `root` (created if missing).
    public init(root: String) { self.root = root }

    /// Generates the drop and writes keys and the pipeline definition.
    /// - Parameters:
    ///   - cards: cards in the drop.
    ///   - packageRoot: the CardPrep checkout holding `Fixtures/keys` and `Pipelines/`.
    ///   - seed: the seed of the synthetic data.
    /// - Throws: I/O, key and generator errors.
    public mutating func generate(cards: Int, packageRoot: String, seed: UInt64 = 1) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
        for name in Self.keyFiles {
            let target = root + "/keys/" + name
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            try fm.copyItem(atPath: packageRoot + "/Fixtures/keys/demo-" + name, toPath: target)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        }
        let recipientsText = try FileByteSource(path: packageRoot + "/Fixtures/keys/demo-bureau.agekey.pub").readAll()
        let recipients = try AgeKeyText.recipients(parsing: String(decoding: recipientsText, as: UTF8.self))
        let result = try FixtureGenerator(.init(
            outputFolder: root + "/inbox", customers: 1, cardsPerDrop: cards, seed: seed, date: CalendarDate("2026-11-01")!,
            recipients: recipients, profilesFolder: root + "/customers"
        )).generate()
        try fm.removeItem(atPath: root + "/inbox/injections.json")
        guard let drop = result.drops.first,
              let file = try fm.contentsOfDirectory(atPath: drop.path).sorted().first(where: { $0.hasSuffix(".age") })
        else { throw BenchError.noCardData(inbox: root + "/inbox") }
        cardFile = drop.path + "/" + file
        self.cards = drop.cards
        try Self.definition(packageRoot: packageRoot).write(toFile: pipelinePath, atomically: true, encoding: .utf8)
    }

    /// The pipeline definition, with paths relative to the workspace and the machines and schema from the checkout.
    static func definition(packageRoot: String) -> String {
        """
        version: 1
        name: bench
        inbox: inbox
        output: out
        customers: customers
        machines: \(packageRoot)/Pipelines/machines
        order_schema: \(packageRoot)/Pipelines/schemas/order-v1.xsd
        stages: [ingest, validate, transform, archive]
        keys:
          identity: keys/bureau.agekey
          signing: keys/bureau-signing
          fingerprint: keys/fingerprint.key
        vault:
          recipients: keys/vault.agekey.pub
          identity: keys/vault.agekey
          allowed_signers: keys/allowed_signers
        inbox_rules:
          settle: 0s

        """
    }

    /// The checkout holding `Fixtures/keys` and `Pipelines/schemas/order-v1.xsd`: the first of `starts` or
    /// one of their parent folders that has both.
    public static func packageRoot(searchingFrom starts: [String]) -> String? {
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                if FileManager.default.fileExists(atPath: url.path + "/Pipelines/schemas/order-v1.xsd"),
                   FileManager.default.fileExists(atPath: url.path + "/Fixtures/keys/demo-bureau.agekey") { return url.path }
                if url.path == "/" { break }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }
}
