import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepStages
import Foundation

/// `cardprep trace PIPELINE --serial S | --masked M --initials I | --drop ID | --card-number-stdin`.
public struct TraceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace cards from the ledger, without their numbers: drop, record, job, batch, serial, station, QA lot, shipment.",
        discussion: """
            Prints each card's chain: its drop and record, masked number and initials, job, batch and position; for \
            each card the floor made there (a spoiled card's remake is a second one) the serial, status, station, \
            operator and time, the QA lot and whether the serial was sampled, and the destruction record of a spoiled \
            card; the shipment and box, and the receipt. Only the ledger is read, so it works after the drop is \
            archived. A card that is not found prints "no card found" and exits 0 (under --json, "cards" is empty).

            With --card-number-stdin the full number is read from the terminal (not echoed) or from standard input, \
            hashed at once with the bureau's fingerprint key (keys.fingerprint), and only the fingerprint is looked up: \
            the number is never stored, logged or printed.

            With --evidence FILE.html the same chain is written as a page a customer can be sent (masked number only, \
            the bureau's and customer's names, when it was made), signed by the bureau's signing key (FILE.html.sig, \
            SSHSIG namespace cardprep-report); the command that verifies it with ssh-keygen is printed.

            Examples: cardprep trace Pipelines/sample.yml --serial CD000005
                      cardprep trace Pipelines/sample.yml --serial CD000005 --evidence CD000005-evidence.html
                      cardprep trace Pipelines/sample.yml --masked 411111******1111 --initials J.D.
                      cardprep trace Pipelines/sample.yml --drop cust-01/drop-20261101-01 --json
                      cardprep trace Pipelines/sample.yml --card-number-stdin
            """
    )

    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Option(help: "A serial the floor reported, e.g. CD000005.")
    var serial: String?
    @Option(help: "A masked card number, first six and last four digits, e.g. 411111******1111 (with --initials).")
    var masked: String?
    @Option(help: "The cardholder's initials, e.g. J.D. (with --masked).")
    var initials: String?
    @Option(help: "Every card of a drop: its id (8 or more hex characters are enough) or customer/drop.")
    var drop: String?
    @Flag(help: "Read the full card number from the terminal (not echoed) or standard input; it is only hashed.")
    var cardNumberStdin = false
    @Option(help: ArgumentHelp(
        "Also write the trace as an HTML evidence page for the customer, signed by the bureau (FILE.sig beside it).",
        valueName: "FILE.html"))
    var evidence: String?
    @Flag(help: "Print the trace as JSON (format cardprep-trace/1).")
    var json = false

    public init() {}

    public func validate() throws {
        CommandFailure.json = json
        let chosen = [serial != nil, masked != nil, drop != nil, cardNumberStdin].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("give one of --serial, --masked with --initials, --drop or --card-number-stdin")
        }
        if masked != nil, initials == nil { throw ValidationError("--masked needs --initials (e.g. --initials J.D.)") }
        if initials != nil, masked == nil { throw ValidationError("--initials goes with --masked") }
        if let masked, !Self.isMasked(masked) {
            throw ValidationError("--masked takes the first six and last four digits with * between, e.g. 411111******1111")
        }
        if let initials, CardholderInitials.normalised(initials).isEmpty { throw ValidationError("--initials holds no letter") }
    }

    /// Whether `text` is a masked card number: six digits, one or more `*`, four digits; nothing else.
    static func isMasked(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count >= 11, chars.count <= 19 else { return false }
        return chars.prefix(6).allSatisfy(\.isASCIIDigit) && chars.suffix(4).allSatisfy(\.isASCIIDigit)
            && chars.dropFirst(6).dropLast(4).allSatisfy { $0 == "*" }
    }

    public func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: false, json: json)
        let query: CardTraceQuery
        if let serial {
            query = .serial(serial.trimmingCharacters(in: .whitespaces))
        } else if let masked, let initials {
            query = .masked(masked, initials: CardholderInitials.normalised(initials))
        } else if let drop {
            query = .drop(try environment.drop(drop))
        } else {
            let key = try failing { try environment.pipeline.fingerprintKey(for: "trace --card-number-stdin") }
            query = .fingerprint(try CardNumberEntry.fingerprint(with: key))
        }
        var tracer = CardTracer(ledger: environment.ledger)
        var report = try failing { try tracer.trace(query) }
        if let evidence, !report.cards.isEmpty {
            let pipeline = environment.pipeline
            guard let reference = pipeline.signingKey else {
                throw CommandFailure.report("the pipeline names no signing key (keys: signing) to sign the evidence page with",
                                            code: .usage)
            }
            let key = try failing { try pipeline.keys.signingKey(reference) }
            report.evidence = try failing {
                try TraceEvidence.write(report, to: evidence, pipeline: pipeline, key: key, at: environment.context.now())
            }
        }
        if json { return try printJSON(report, format: .trace) }
        print(report.text, terminator: "")
        if let written = report.evidence {
            print("\nEvidence page: \(written.page) (\(written.cards) card(s)), signed by the bureau's key \(written.keyFingerprint).")
            print("Verify it with:")
            print("    " + written.verifyCommand)
        } else if evidence != nil {
            print("No evidence page written: no card found.")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
