import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepStages
import Foundation

/// `cardprep qa report`: write a lot's acceptance report, countersigned by the bureau, beside the inspector's statement.
struct QAReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a lot's acceptance report (A4 HTML, JSON): the inspector's signed decision, countersigned.",
        discussion: """
            The report names the inspector who signed the decision (name, person id, key fingerprint) and the SHA-256 \
            of their qa.decide statement; it is countersigned with the pipeline's signing key (SSHSIG, namespace \
            cardprep-report). Beside it are the inspector's statement (LOT.acceptance.statement.txt), signature \
            (LOT.acceptance.statement.ID.sig) and allowed_signers line (LOT.acceptance.statement.allowed_signers); the \
            JSON carries them too (signedBy). The command prints the commands that verify both signatures:
            ssh-keygen -Y verify -f LOT.acceptance.statement.allowed_signers -I carol -n cardprep-statement \
            -s LOT.acceptance.statement.carol.sig < LOT.acceptance.statement.txt
            ssh-keygen -Y verify -f allowed_signers -I bureau -n cardprep-report -s LOT.acceptance.json.sig < LOT.acceptance.json

            Example: cardprep qa report Pipelines/sample.yml --lot 3f2a9c0d11e4-J01-B001 --out reports
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "The lot id.") var lot: String
    @Option(help: "The output folder (default: <output>/reports/qa).") var out: String?

    func run() throws {
        let (pipeline, ledger, context) = try options.load()
        guard let reference = pipeline.signingKey else {
            throw CommandFailure.report("the pipeline names no signing key (keys: signing)", code: .usage)
        }
        let key = try failing { try pipeline.keys.signingKey(reference) }
        let customer = try? ledger.lot(id: lot).flatMap { try CustomerProfile.find(customer: $0.customer, in: pipeline.customersFolder) }
        let report = try failing {
            try AcceptanceReport(
                lotID: lot, ledger: ledger, generated: context.now(), customerName: customer?.name, bureauName: pipeline.bureau ?? pipeline.name)
        }
        let folder = URL(fileURLWithPath: out ?? pipeline.output + "/reports/qa").standardizedFileURL.path
        let files = try failing { try AcceptanceReportFiles.write(report, to: folder, signingKey: key) }
        if options.json { return try printJSON(files, format: .qaReport, listKey: "files") }
        files.forEach { print($0) }
        print("")
        if let command = AcceptanceReportFiles.inspectorVerifyCommand(report, in: folder) {
            print("The decision signed by the inspector, \(report.signedBy!.name) (\(report.signedBy!.person)):")
            print("    " + command)
        } else {
            print("The decision was recorded before decisions were signed by the inspector: recorded by \(report.recordedBy).")
        }
        let (allowedSigners, principal) = bureauSigner(pipeline, key: key, at: context.now())
        print("The bureau's countersignature (each report file has one):")
        print("    " + AcceptanceReportFiles.bureauVerifyCommand(files[1], allowedSigners: allowedSigners, principal: principal))
    }

    /// The allowed_signers file and principal to verify the bureau's signature with: the pipeline's vault
    /// `allowed_signers` when it names the signing key for reports, else placeholders to fill in.
    private func bureauSigner(_ pipeline: PipelineDefinition, key: any SSHSigningKey, at now: Date) -> (String, String) {
        let fallback = ("ALLOWED_SIGNERS", "PRINCIPAL")
        guard case let .ed25519(publicKey) = key.sshPublicKey, let file = pipeline.archive?.allowedSignersFile,
            let data = FileManager.default.contents(atPath: file),
            let signers = try? AllowedSigners(parsing: String(decoding: data, as: UTF8.self))
        else { return fallback }
        let patterns = signers.principals(for: publicKey, namespace: AcceptanceReportFiles.namespace, at: now)
        let plain = patterns.flatMap { $0.text.split(separator: ",").map(String.init) }
            .first { !$0.hasPrefix("!") && !$0.contains("*") && !$0.contains("?") }
        guard let principal = plain else { return fallback }
        return (URL(fileURLWithPath: file).standardizedFileURL.path, principal)
    }
}
