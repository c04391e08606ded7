import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault checkout`: lend a bundle out, on record.
struct VaultCheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Lend a bundle out: who borrows it, why, and who approved; the bundle stays in the vault.",
        discussion: """
            The bundle's digest is checked against the ledger first. A bundle can be out to one borrower at a time.

            Example: cardprep vault checkout Pipelines/sample.yml 3f2a9c0d11e4b7a2 --borrower alice \
            --reason "dispute 2026-114" --approved-by bob
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id, drop id or path in the vault.") var bundle: String
    @Option(help: "Who borrows the bundle.") var borrower: String
    @Option(help: "Why it is borrowed.") var reason: String
    @Option(help: "Who approved the loan.") var approvedBy: String

    func validate() throws {
        for (name, value) in [("borrower", borrower), ("reason", reason), ("approved-by", approvedBy)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--\(name) must not be empty")
        }
        if borrower == approvedBy { throw ValidationError("the borrower cannot approve their own loan") }
    }

    func run() throws {
        let (vault, _, _) = try options.vaultAndLedger()
        let record = try failing { try vault.bundle(named: bundle) }
        let loan: CustodyLoanRecord
        do { loan = try vault.checkOut(record, borrower: borrower, reason: reason, approvedBy: approvedBy) } catch let error as VaultError {
            throw CommandFailure.report("\(error)", code: .verificationFailed)
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        if options.json { try printJSON(loan) } else { print("vault: bundle \(record.id) checked out to \(borrower) (loan \(loan.seq ?? 0))") }
    }
}

/// `cardprep vault checkin`: take a bundle back, checking it is unchanged.
struct VaultCheckinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Return a borrowed bundle; its digest must be the one recorded, or the exit code is 5.",
        discussion: "Example: cardprep vault checkin Pipelines/sample.yml 3f2a9c0d11e4b7a2"
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id, drop id or path in the vault.") var bundle: String

    func run() throws {
        let (vault, _, _) = try options.vaultAndLedger()
        let record = try failing { try vault.bundle(named: bundle) }
        let loan = try failing { try vault.checkIn(record) }
        let unchanged = loan.returnedUnchanged == true
        if options.json { try printJSON(loan) } else {
            print("vault: bundle \(record.id) checked in, \(unchanged ? "unchanged" : "CHANGED since checkout (SHA-256 \(loan.sha256AtCheckin ?? "-"))")")
        }
        if !unchanged { throw ExitCode(CardPrepExitCode.verificationFailed.rawValue) }
    }
}

/// `cardprep vault purge --expired`: remove bundles whose retention has ended.
struct VaultPurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove bundles whose retention has ended (default 24 months), and report what was removed.",
        discussion: """
            Only bundles past their retain-until date are removed, never one that is checked out. Each removal is \
            recorded in the ledger and the audit log; the index is rewritten.

            Example: cardprep vault purge Pipelines/sample.yml --expired --dry-run
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(help: "Remove the expired bundles (required, so that nothing is removed by accident).") var expired = false
    @Flag(help: "Report what would be removed; remove nothing.") var dryRun = false

    struct Output: Encodable {
        var removed: [String]
        var keptCheckedOut: [String]
        var kept: Int
        var dryRun: Bool
    }

    func validate() throws {
        guard expired else { throw ValidationError("say --expired to remove the bundles whose retention has ended") }
    }

    func run() throws {
        let (_, ledger, settings, base) = try options.load()
        var context = base
        context.dryRun = dryRun
        let report = try failing { try Vault(settings: settings, ledger: ledger, context: context).purgeExpired() }
        if options.json {
            return try printJSON(Output(removed: report.removed, keptCheckedOut: report.keptCheckedOut, kept: report.kept, dryRun: dryRun))
        }
        report.removed.forEach { print("\(dryRun ? "would remove" : "removed"): \($0)") }
        report.keptCheckedOut.forEach { print("expired but checked out, kept: \($0)") }
        print("vault: \(report.removed.count) expired bundle(s) \(dryRun ? "would be " : "")removed, \(report.kept) kept")
    }
}
