import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault checkout`: lend a bundle out, on a statement signed by the borrower and an approver.
struct VaultCheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Lend a bundle out, on a statement signed by the borrower and an approver; the bundle stays in the vault.",
        discussion: """
            Run first without --statement: the statement to sign is written under <output>/statements and printed with \
            the commands the borrower and the approver sign it with, and the command to run then (exit 64 until it is \
            signed). With the statement and both signatures, which must verify against the register of people (by \
            default two different people with the security role), the bundle's digest is checked against the ledger and \
            the loan is recorded with both people. A bundle can be out to one borrower at a time. A signature that does \
            not verify, a key not in the register, the wrong role, the same person twice, another statement or a stale \
            one: exit 5, nothing recorded.

            Example: cardprep vault checkout Pipelines/sample.yml 3f2a9c0d11e4b7a2 --borrower alice --approver bob \
            --reason "dispute 2026-114"
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id, drop id or path in the vault.") var bundle: String
    @Option(help: "The person id (in the register of people) who borrows the bundle.") var borrower: String
    @Option(help: "The person id who approves the loan; another person.") var approver: String
    @Option(help: "Why it is borrowed.") var reason: String
    @OptionGroup var signed: StatementOptions

    func validate() throws {
        if borrower == approver { throw ValidationError("the borrower cannot approve their own loan") }
    }

    func run() throws {
        let (definition, ledger, settings, context) = try options.load()
        let vault = Vault(settings: settings, ledger: ledger, context: context)
        let record = try failing { try vault.bundle(named: bundle) }
        let out = try failing { try ledger.openLoan(bundleID: record.id) }
        if let loan = out {
            throw CommandFailure.report("bundle \(record.id) is checked out already to \(loan.borrower); check it in first", code: .failure)
        }
        let request = Vault.checkoutRequest(pipeline: definition, bundle: record, borrower: borrower, approver: approver, reason: reason)
        let rerun = options.commandWords("checkout", pipeline: definition)
            + [record.id, "--borrower", borrower, "--approver", approver, "--reason", reason]
        let approval = try signed.approval(
            for: request, dualControl: try options.dualControl(definition, ledger, context), rerun: rerun, json: options.json)
        let loan: CustodyLoanRecord
        do { loan = try vault.checkOut(record, approval: approval) } catch let error as VaultError {
            throw CommandFailure.report("\(error)", code: .verificationFailed)
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        if options.json { return try printJSON(loan, format: .vaultLoan) }
        print("vault: bundle \(record.id) checked out to \(loan.borrower), approved by \(loan.approvedBy) (loan \(loan.seq ?? 0))")
    }
}

/// `cardprep vault checkin`: take a bundle back, on a statement signed by who returns it and who receives it.
struct VaultCheckinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Take a lent bundle back, on a statement signed by who returns it and who receives it; a changed bundle exits 5.",
        discussion: """
            Run first without --statement to print the statement and how to sign it (exit 64 until it is signed). The \
            returner is the borrower unless --returner names another registered person; the receiver must by default \
            have the security role. With both signatures the return is recorded with both people, and the bundle's \
            digest must be the one recorded at checkout, or the exit code is 5.

            Example: cardprep vault checkin Pipelines/sample.yml 3f2a9c0d11e4b7a2 --receiver bob
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: id, drop id or path in the vault.") var bundle: String
    @Option(help: "The person id who brings the bundle back (default: the borrower).") var returner: String?
    @Option(help: "The person id who takes it back into the vault.") var receiver: String
    @Option(help: "A note for the record.") var reason = "bundle returned"
    @OptionGroup var signed: StatementOptions

    func run() throws {
        let (definition, ledger, settings, context) = try options.load()
        let vault = Vault(settings: settings, ledger: ledger, context: context)
        let record = try failing { try vault.bundle(named: bundle) }
        let current = try failing { try ledger.openLoan(bundleID: record.id) }
        guard let open = current else {
            throw CommandFailure.report("bundle \(record.id) is not checked out", code: .failure)
        }
        let returner = returner ?? open.borrower
        let request = Vault.checkinRequest(
            pipeline: definition, bundle: record, loan: open, returner: returner, receiver: receiver, reason: reason)
        let rerun = options.commandWords("checkin", pipeline: definition)
            + [record.id, "--returner", returner, "--receiver", receiver, "--reason", reason]
        let approval = try signed.approval(
            for: request, dualControl: try options.dualControl(definition, ledger, context), rerun: rerun, json: options.json)
        let loan: CustodyLoanRecord
        do { loan = try vault.checkIn(record, approval: approval) } catch let error as VaultError {
            throw CommandFailure.report("\(error)", code: .verificationFailed)
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        let unchanged = loan.returnedUnchanged == true
        if options.json { try printJSON(loan, format: .vaultLoan) } else {
            let state = unchanged ? "unchanged" : "CHANGED since checkout (SHA-256 \(loan.sha256AtCheckin ?? "-"))"
            print("vault: bundle \(record.id) returned by \(returner), received by \(receiver), \(state)")
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
            return try printJSON(Output(removed: report.removed, keptCheckedOut: report.keptCheckedOut, kept: report.kept, dryRun: dryRun), format: .vaultPurge)
        }
        report.removed.forEach { print("\(dryRun ? "would remove" : "removed"): \($0)") }
        report.keptCheckedOut.forEach { print("expired but checked out, kept: \($0)") }
        print("vault: \(report.removed.count) expired bundle(s) \(dryRun ? "would be " : "")removed, \(report.kept) kept")
    }
}
