import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepStages
import Foundation

/// `cardprep fixtures`: synthetic drops for tests, demos and benchmarks.
public struct FixturesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Generate synthetic customer drops.",
        subcommands: [FixturesGenerateCommand.self]
    )

    public init() {}
}

struct FixturesGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic drops: order XML, age-encrypted card data, manifest, optional signature.",
        discussion: """
            Writes <out>/<customer>/<drop>/ for each customer, and <out>/injections.json listing every planted \
            fault by customer, drop and record number. The same seed and date give the same card data; card data \
            is encrypted as it is generated and never written in clear.

            Faults (--inject KIND=COUNT, repeatable): \(FixtureInjection.allCases.map(\.rawValue).joined(separator: ", ")). \
            bad-luhn, duplicate-card and expired-card count records; the others count drops.

            Example: cardprep fixtures generate --out /tmp/inbox --customers 3 --cards 1000 --seed 42 \\
                       --recipient age1… --inject bad-luhn=5 --inject wrong-recipient=1
            """
    )

    @Option(help: "The folder to write drops into (an inbox).")
    var out: String
    @Option(help: "How many customers (one drop each).")
    var customers = 1
    @Option(help: "Card records per drop.")
    var cards = 100
    @Option(help: "The seed of the synthetic data.")
    var seed: UInt64 = 1
    @Option(help: "The drop date, YYYY-MM-DD (default: today, UTC).")
    var date: String?
    @Option(name: [.customShort("r"), .long], help: "An age recipient to encrypt card data to (repeatable).")
    var recipient: [String] = []
    @Option(name: [.customShort("R"), .long], help: "A file of age recipients, one per line.")
    var recipientsFile: String?
    @Option(help: "The customers' Ed25519 signing key (OpenSSH format) to sign manifests with.")
    var signingKey: String?
    @Option(help: "Also write a customer profile per customer into this folder.")
    var profiles: String?
    @Option(help: "Plant faults, KIND=COUNT (repeatable).")
    var inject: [String] = []
    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard customers >= 1 else { throw ValidationError("--customers must be at least 1") }
        guard cards >= 1 else { throw ValidationError("--cards must be at least 1") }
        guard !recipient.isEmpty || recipientsFile != nil else { throw ValidationError("give --recipient or --recipients-file") }
        if let date, CalendarDate(date) == nil { throw ValidationError("--date '\(date)' is not YYYY-MM-DD") }
        for item in inject { _ = try FixtureInjection.parse(item) }
    }

    func run() throws {
        do {
            var recipients = try recipient.flatMap { try AgeKeyText.recipients(parsing: $0) }
            if let recipientsFile {
                recipients += try AgeKeyText.recipients(parsing: String(decoding: try FileByteSource(path: recipientsFile).readAll(), as: UTF8.self))
            }
            let key = try signingKey.map { try SSHEd25519SigningKey(openSSHPrivateKey: try PrivateKeyFile.read($0)) }
            var injections: [FixtureInjection: Int] = [:]
            for item in inject {
                let (kind, count) = try FixtureInjection.parse(item)
                injections[kind, default: 0] += count
            }
            let day = date.flatMap(CalendarDate.init) ?? CalendarDate(Timestamp.iso8601(Date()).prefix(10).description)!
            let result = try FixtureGenerator(.init(
                outputFolder: out, customers: customers, cardsPerDrop: cards, seed: seed, date: day,
                recipients: recipients, signingKey: key, profilesFolder: profiles, injections: injections
            )).generate()
            if json { try printJSON(result, format: .fixtures); return }
            for drop in result.drops { print("wrote \(drop.path) (\(drop.cards) cards)") }
            print("fixtures: \(result.drops.count) drop(s), \(result.drops.reduce(0) { $0 + $1.cards }) cards, \(result.faults.count) planted fault(s)")
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
    }
}
