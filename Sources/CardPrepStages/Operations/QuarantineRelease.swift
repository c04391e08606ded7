import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// Puts a quarantined drop back into the inbox once its cause is fixed, so the next run takes it again.
public struct QuarantineRelease {
    let pipeline: PipelineDefinition
    let context: RunContext

    /// Prepares a release in `pipeline`.
    public init(pipeline: PipelineDefinition, context: RunContext) {
        self.pipeline = pipeline
        self.context = context
    }

    /// Moves `customer/drop@time` from quarantine back to `inbox/customer/drop` and records who released it and why.
    /// - Returns: the inbox folder the drop is in now.
    /// - Throws: `QuarantineReleaseError` when there is no such quarantined drop or the inbox already holds that name.
    public func release(_ name: String, reason: String) throws -> String {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let at = parts[1].lastIndex(of: "@"), at > parts[1].startIndex,
              DropManifest.isPlainName(parts[0]), DropManifest.isPlainName(parts[1]) else {
            throw QuarantineReleaseError.badName(name)
        }
        let customer = parts[0], folder = parts[1], drop = String(parts[1][..<at])
        let kept = pipeline.quarantineFolder + "/" + customer + "/" + folder
        let ledger = try Ledger(path: pipeline.ledgerPath)
        guard try ledger.quarantined().contains(where: { $0.keptAt == kept }) else { throw QuarantineReleaseError.notQuarantined(name) }
        let target = pipeline.inbox + "/" + customer + "/" + drop
        guard !FileManager.default.fileExists(atPath: target) else { throw QuarantineReleaseError.inboxOccupied(target) }
        let now = context.now()
        if FileManager.default.fileExists(atPath: kept) { try FolderMove.move(kept, to: target) }
        try ledger.releaseQuarantine(
            keptAt: kept,
            event: AuditEvent(event: "drop.released", actor: context.actor, host: context.host,
                              details: ["customer": customer, "drop": drop, "from": kept, "reason": reason]),
            at: now)
        return target
    }
}

/// Why a quarantined drop could not be released.
public enum QuarantineReleaseError: Error, Equatable, CustomStringConvertible {
    case badName(String)
    case notQuarantined(String)
    case inboxOccupied(String)

    public var description: String {
        switch self {
        case let .badName(name): "'\(name)' is not <customer>/<drop>@<time> as `cardprep status` lists it"
        case let .notQuarantined(name): "no drop \(name) is in quarantine (see `cardprep status`)"
        case let .inboxOccupied(path): "\(path) exists in the inbox already; move it away first"
        }
    }
}
