import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep status PIPELINE`: where every drop stands.
public struct StatusCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where every drop stands: registered, uploading or stale, quarantined and why.",
        discussion: "Reads the ledger and the inbox; changes nothing and takes no lock.\n\nExample: cardprep status Pipelines/sample.yml --json"
    )

    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Flag(help: "Print the status as JSON.")
    var json = false

    public init() {}

    public func run() throws {
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        let status: PipelineStatus
        do { status = try PipelineStatus.collect(pipeline: definition, now: Date()) } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        if json { try printJSON(status) } else { print(status.text) }
    }
}

/// `cardprep retry PIPELINE CUSTOMER/DROP@TIME`: a quarantined drop back to the inbox.
public struct RetryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put a quarantined drop back into the inbox once its cause is fixed.",
        discussion: """
            The name is the one `cardprep status` lists under quarantine. The release is recorded in the audit log \
            with who did it and why; the next run takes the drop again.

            Example: cardprep retry Pipelines/sample.yml cust-02/drop-20261101-02@20261122T194126Z --reason "customer re-sent the key"
            """
    )

    @Argument(help: "The pipeline definition.")
    var pipeline: String
    @Argument(help: "The quarantined drop, <customer>/<drop>@<time>.")
    var drop: String
    @Option(help: "Why the drop may be tried again (recorded).")
    var reason: String

    public init() {}

    public func run() throws {
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        do {
            let lock = try PipelineLock(path: definition.lockPath, wait: false)
            defer { withExtendedLifetime(lock) {} }
            let context = RunContext.live(logger: .init(label: "cardprep"))
            let target = try QuarantineRelease(pipeline: definition, context: context).release(drop, reason: reason)
            print("released \(drop) to \(target); the next run takes it")
        } catch let error as PipelineLockError {
            throw CommandFailure.report("\(error)", code: .locked)
        } catch let error as QuarantineReleaseError {
            throw CommandFailure.report("\(error)", code: .usage)
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
    }
}
