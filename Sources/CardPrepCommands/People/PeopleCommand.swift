import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep people`: the register of people who sign statements.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "The register of people who sign statements: list it, and approve changes to it.",
        discussion: """
            The register is the pipeline's people folder (<id>.yml a person). The ledger keeps every approved version: \
            the register as first used is recorded as it is, and from then on a person or key added or removed, or a \
            name, department or role changed, must be approved (cardprep people approve) before any signed action is \
            accepted again.
            """,
        subcommands: [PeopleListCommand.self, PeopleApproveCommand.self]
    )
}

/// The options of the `people` commands.
struct PeopleOptions: ParsableArguments {
    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String
    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    func validate() throws { CommandFailure.json = json }
}

/// `cardprep people list PIPELINE`.
struct PeopleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the approved register of people, and the changes in the people folder waiting for approval.",
        discussion: "Example: cardprep people list Pipelines/sample.yml --json"
    )

    @OptionGroup var options: PeopleOptions

    struct Output: Encodable {
        struct Entry: Encodable {
            var id: String
            var name: String
            var department: String
            var roles: [String]
            var keys: [String]
        }

        var format = "cardprep-people/1"
        var version: Int64?
        var digest: String?
        var approvedAt: Date?
        var approvedBy: String?
        var people: [Entry]
        var pendingChanges: [String]
    }

    func run() throws {
        let environment = try CommandEnvironment.open(options.pipeline, changes: false, json: options.json)
        let pending: RegisterApproval.Pending
        do {
            pending = try RegisterApproval(pipeline: environment.pipeline, ledger: environment.ledger, context: environment.context).pending()
        } catch { throw CommandFailure.report(error) }
        let listed = pending.approved?.register ?? pending.proposed
        let output = Output(
            version: pending.approved?.version.version, digest: pending.approved?.version.digest,
            approvedAt: pending.approved?.version.approvedAt, approvedBy: pending.approved?.version.actor,
            people: listed.people.map {
                .init(id: $0.id, name: $0.name, department: $0.department.rawValue, roles: $0.roles,
                      keys: $0.keys.map { "\($0.type) \($0.fingerprint)" })
            },
            pendingChanges: pending.approved == nil ? [] : pending.changes.map(\.description))
        if options.json { return try printJSON(output, format: .people) }
        if let approved = pending.approved?.version {
            print("register of people, version \(approved.version ?? 0) of \(Timestamp.iso8601(approved.approvedAt)) by \(approved.actor)")
        } else {
            print("register of people in \(environment.pipeline.peopleFolder) (not used yet; recorded as it is at its first use)")
        }
        for person in output.people {
            print("  \(person.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(person.name), \(person.department); "
                + "roles \(person.roles.joined(separator: ", ")); keys \(person.keys.joined(separator: ", "))")
        }
        guard !output.pendingChanges.isEmpty else { return }
        print("waiting for approval (no signed action is accepted until then):")
        output.pendingChanges.forEach { print("  " + $0) }
    }
}
