import CardPrepCore
import Foundation

/// Why a change to the complaints register was not made. Nothing is recorded in any case.
public enum ComplaintError: Error, Equatable, CustomStringConvertible {
    /// The text is not a complaint id.
    case badID(String)
    /// No complaint has this id.
    case unknown(id: String)
    /// The complaint is closed; nothing more is done to it.
    case closed(id: String, at: Date, by: String)
    /// The pipeline has no profile for this customer.
    case unknownCustomer(String, known: [String])
    /// A complaint names nothing.
    case noLinks
    /// A text cannot be kept: empty, several lines, a space at an end.
    case badText(option: String, reason: String)
    /// The complaint is said to be received later than now.
    case receivedInFuture(Date)
    /// No QA lot has this id.
    case unknownLot(String)
    /// A drop or lot named is another customer's.
    case anotherCustomer(link: ComplaintLink, owner: String, customer: String)
    /// The period of a report is not a month or a year.
    case badPeriod(String)
    /// The signed statement is about another complaint or action.
    case statementForAnotherComplaint(statement: String, complaint: String)

    /// The exit code from the shared table: a closed complaint is refused (6), a statement of something else does
    /// not verify (5), anything else is a usage error (64).
    public var exitCode: CardPrepExitCode {
        switch self {
        case .closed: .refused
        case .statementForAnotherComplaint: .verificationFailed
        default: .usage
        }
    }

    public var description: String {
        switch self {
        case let .badID(text): "'\(text)' is not a complaint id such as CMP-2026-0001"
        case let .unknown(id): "no complaint \(id) in the ledger (see `cardprep complaint list`)"
        case let .closed(id, at, by):
            "complaint \(id) was closed at \(Timestamp.iso8601(at)) by \(by); a closed complaint is final "
                + "(open a new complaint for a follow-up)"
        case let .unknownCustomer(customer, known):
            "no customer \(customer) in the pipeline's customer profiles (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .noLinks: "a complaint names what it is about: give at least one of --card, --lot, --shipment, --order, --drop"
        case let .badText(option, reason): "\(option) \(reason)"
        case let .receivedInFuture(time): "--received-at \(Timestamp.iso8601(time)) is later than now"
        case let .unknownLot(lot): "no lot \(lot) in the ledger (see `cardprep qa lots`)"
        case let .anotherCustomer(link, owner, customer): "\(link) is of customer \(owner), not \(customer)"
        case let .badPeriod(text): "'\(text)' is not a period: give a month (2026-11) or a year (2026)"
        case let .statementForAnotherComplaint(statement, complaint):
            "the statement is about \(statement), not complaint \(complaint)"
        }
    }
}
