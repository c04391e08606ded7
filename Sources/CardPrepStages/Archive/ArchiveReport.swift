import CardPrepCore
import Foundation

/// What the archive stage did with one drop.
public struct ArchiveOutcome: Sendable, Equatable {
    /// How a drop ended.
    public enum Kind: Sendable, Equatable {
        /// Bundle written (or found from an interrupted run), verified, working data purged.
        case archived(bundle: String)
        /// The drop was archived by an earlier run; nothing done.
        case alreadyArchived
        /// Dry run: the drop would be archived.
        case wouldArchive(bundle: String)
        /// The bundle did not verify; the drop's working data is kept.
        case verificationFailed([VaultFault])
    }

    /// The outcome in a few words, for reports and `--json`.
    public var text: String {
        switch kind {
        case let .archived(bundle): "archived to \(bundle)"
        case .alreadyArchived: "archived before"
        case let .wouldArchive(bundle): "would be archived to \(bundle)"
        case let .verificationFailed(faults): "bundle did not verify: " + faults.map(\.description).joined(separator: "; ")
        }
    }

    public var dropID: String
    public var customer: String
    public var name: String
    public var kind: Kind
    /// The drop's folder in the customer outbox, published before its work folder was purged.
    public var published: CustomerOutbox.Publication?

    /// Creates an outcome.
    public init(dropID: String, customer: String, name: String, kind: Kind) {
        self.dropID = dropID; self.customer = customer; self.name = name; self.kind = kind
    }
}

/// The outcomes of one archive run.
public struct ArchiveReport: Sendable, Equatable {
    public var outcomes: [ArchiveOutcome] = []

    /// Creates a report of `outcomes` (none by default).
    public init(outcomes: [ArchiveOutcome] = []) { self.outcomes = outcomes }

    /// `verificationFailed` when any bundle did not verify, otherwise `ok`.
    public var exitCode: CardPrepExitCode {
        outcomes.contains { if case .verificationFailed = $0.kind { true } else { false } } ? .verificationFailed : .ok
    }

    /// One line for the run summary.
    public var summary: String {
        var archived = 0, already = 0, failed = 0, would = 0
        for outcome in outcomes {
            switch outcome.kind {
            case .archived: archived += 1
            case .alreadyArchived: already += 1
            case .wouldArchive: would += 1
            case .verificationFailed: failed += 1
            }
        }
        let head = "archive: \(outcomes.count) drop(s): \(archived) archived, \(already) already archived, \(failed) failed verification"
        return would > 0 ? head + ", \(would) would be archived" : head
    }
}
