import ArgumentParser
import CardPrepCore
import CardPrepStages

/// How every decision on a drop is signed, for the commands' help.
private let signing = """
    The decision is made on a statement: run the command with --requester (and --approver) first, without \
    --statement; it writes the statement under <output>/statements, prints it with the commands each person signs it \
    with (ssh-keygen -Y sign, or cardprep sign) and the command to run then, and exits 64. With the statement and \
    the signatures, which must verify against the register of people, the decision is recorded with the people who \
    signed it and their keys. A state that does not allow the decision is refused before anyone signs (exit 6); a \
    signature that does not verify, the same person twice, the wrong role, another statement, a stale one or one \
    used before exits 5 and changes nothing. Without the people named, the command says who may sign (exit 64).
    """

/// `cardprep retry PIPELINE DROP --reason TEXT --requester ID --approver ID`.
public struct RetryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Take a failed drop on again, or put a quarantined drop back into the inbox, once the cause is fixed.",
        discussion: """
            A failed drop returns to the state it failed in, and the next run runs the failed stage again. A quarantined \
            drop's folder goes back to the inbox and the next run takes it again. Asked for by one person and approved \
            by another (by default with the role supervisor). \(signing)

            Examples: cardprep retry Pipelines/sample.yml 204e54c8aed0 --reason "machine profile for VISA-CL added" \
            --requester alice --approver frank
                      cardprep retry Pipelines/sample.yml cust-02/drop-20261101-02 --reason "customer re-sent the key"
            """
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide(.dropRetry, command: "retry", verb: "retried") }
}

/// `cardprep hold PIPELINE DROP --reason TEXT --requester ID`.
public struct HoldCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Stop a drop until people release it (the customer asked to wait, a question is open).",
        discussion: """
            A hold only stops work, so the person who asks for it signs alone. \(signing)

            Example: cardprep hold Pipelines/sample.yml 204e54c8aed0 --reason "customer asked to stop the order" --requester alice
            """
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide(.dropHold, command: "hold", verb: "held") }
}

/// `cardprep release PIPELINE DROP --reason TEXT --requester ID --approver ID`.
public struct ReleaseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Take a held drop on from where it was held.",
        discussion: """
            Asked for by one person and approved by another (by default with the role supervisor). \(signing)

            Example: cardprep release Pipelines/sample.yml 204e54c8aed0 --reason "customer confirmed the order" \
            --requester alice --approver frank
            """
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide(.dropRelease, command: "release", verb: "released") }
}

/// `cardprep withdraw PIPELINE DROP --reason TEXT --requester ID --approver ID`.
public struct WithdrawCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Close a quarantined drop for good (a corrected delivery replaced it, or the customer cancelled it).",
        discussion: """
            Asked for by one person and approved by another (by default with the role supervisor). \(signing)

            Example: cardprep withdraw Pipelines/sample.yml cust-02/drop-20261101-02 --reason "replaced by drop-20261102-01" \
            --requester alice --approver frank
            """
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide(.dropWithdraw, command: "withdraw", verb: "withdrew") }
}

/// `cardprep waive PIPELINE DROP --reason TEXT --requester ID --approver ID`.
public struct WaiveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Accept a drop's reconciliation discrepancy as it is, and take the drop on as reconciled.",
        discussion: """
            For a discrepancy that cannot be put right with corrected floor reports (the customer accepts a \
            shortfall, a card was lost and reported). The findings stay in the reconciliation report; the waiver is \
            recorded with why and who signed it. Asked for by one person and approved by another (by default with the \
            role supervisor). \(signing)

            Example: cardprep waive Pipelines/sample.yml 204e54c8aed0 --reason "customer accepts 2 cards short, ticket 7781" \
            --requester alice --approver frank
            """
    )

    @OptionGroup var options: DropDecisionOptions

    public init() {}

    public func run() throws { try options.decide(.dropWaive, command: "waive", verb: "waived the discrepancy of") }
}
