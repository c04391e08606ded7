import CardPrepIO

/// What to do with a validated drop.
public enum ValidationDecision: Sendable, Equatable {
    /// Produce the accepted records; rejected records are reported and left out.
    case produce
    /// Quarantine the whole drop, for these drop-level reasons.
    case quarantine(reasons: [ReasonCode])
}

/// The result of validating one drop: findings, tallies and the decision. It holds no card data;
/// the accepted records are found again by streaming the file once more and keeping the records
/// `isAccepted(recordNumber:)` lets through.
public struct ValidationOutcome: Sendable, Equatable {
    /// Every finding, in the order of the file, then the drop-level ones; in bounded memory.
    public var findingLog: FindingLog
    /// Every finding as values (for tests and small drops; reports read `findingLog`).
    public var findings: [Finding] { findingLog.all }
    /// The counts and totals gathered while reading.
    public var tally: DropTally
    /// The record numbers of rejected detail records.
    public var rejectedRecordNumbers: Set<Int>
    /// Whether the drop goes to production or quarantine.
    public var decision: ValidationDecision

    /// Creates an outcome.
    public init(findings: FindingLog, tally: DropTally, rejectedRecordNumbers: Set<Int>, decision: ValidationDecision) {
        self.findingLog = findings
        self.tally = tally
        self.rejectedRecordNumbers = rejectedRecordNumbers
        self.decision = decision
    }

    /// Whether the record with this number is to be produced.
    public func isAccepted(recordNumber: Int) -> Bool {
        decision == .produce && !rejectedRecordNumbers.contains(recordNumber)
    }

    /// The number of records to be produced: none when the drop is quarantined.
    public var acceptedRecords: Int { decision == .produce ? tally.detailRecords - tally.rejectedRecords : 0 }

    /// The number of findings per reason code.
    public var countsByReason: [ReasonCode: Int] { findingLog.countsByReason }

    public static func == (lhs: ValidationOutcome, rhs: ValidationOutcome) -> Bool {
        lhs.findings == rhs.findings && lhs.tally == rhs.tally && lhs.rejectedRecordNumbers == rhs.rejectedRecordNumbers
            && lhs.decision == rhs.decision
    }
}

/// Failures that stop a drop's validation (as opposed to findings about it).
public enum ValidationError: Error, Equatable, CustomStringConvertible {
    /// The card data could not be read or decoded.
    case cardData(CardDataError)
    /// The registry of earlier drops' cards failed; `reason` is its error's description.
    case registry(reason: String)
    /// The scratch space for the drop's card fingerprints failed (for example a full disk).
    case scratch(ByteStreamError)

    /// The failure in words.
    public var description: String {
        switch self {
        case let .cardData(error): error.description
        case let .registry(reason): "cannot look up earlier drops' cards: \(reason)"
        case let .scratch(error): "cannot keep the drop's card fingerprints: \(error)"
        }
    }
}
