/// The actions that need signed statements, each with its fixed duties: the people who must sign, named in the
/// statement. The pipeline file says who may fill each duty (`DualControlRule`); it cannot remove a duty. Most
/// actions have two duties (dual control); a hold, a QA decision and closing a complaint have one, the person who
/// answers for it.
public enum ControlledAction: String, Sendable, CaseIterable, Codable {
    /// Lending a bundle out of the vault.
    case vaultCheckout = "vault.checkout"
    /// Decrypting a bundle into a folder.
    case vaultOpen = "vault.open"
    /// Taking a lent bundle back.
    case vaultCheckin = "vault.checkin"
    /// Taking a failed drop on again, or a quarantined one back into the inbox.
    case dropRetry = "drop.retry"
    /// Stopping a drop until a person releases it.
    case dropHold = "drop.hold"
    /// Taking a held drop on again.
    case dropRelease = "drop.release"
    /// Closing a quarantined drop for good.
    case dropWithdraw = "drop.withdraw"
    /// Accepting a drop's reconciliation discrepancy and taking the drop on as reconciled.
    case dropWaive = "drop.waive"
    /// Closing a drop's order short: the customer accepts the cards made, fewer than ordered.
    case orderCloseShort = "order.close-short"
    /// Approving changes to the register of people: a person or a key added or removed, a role changed.
    case peopleApprove = "people.approve"
    /// Deciding a QA lot from its inspection results: the inspector signs the decision that is recorded.
    case qaDecide = "qa.decide"
    /// Deciding what becomes of a lot that was not accepted: returned, screened and resubmitted, or accepted by the
    /// customer's concession.
    case qaDispose = "qa.dispose"
    /// Destroying spoiled cards before witnesses from production, security and the warehouse.
    case cardsDestroy = "cards.destroy"
    /// Closing a customer's complaint: its handler signs the cause, the department responsible, the remedy and the
    /// reply to the customer.
    case complaintClose = "complaint.close"
    /// Remaking cards spoiled on the floor: a remake job for the same logical cards, from the drop's working copy.
    case cardsRemake = "cards.remake"
    /// Moving usable cards from one location of a customer to another (headquarters to a branch, or back).
    case stockTransfer = "stock.transfer"
    /// Reclassifying usable blank or prefabricated cards as obsolete.
    case stockReclassify = "stock.reclassify"

    /// The duties, in the order the statement names them.
    public var duties: [String] {
        switch self {
        case .vaultCheckout: ["borrower", "approver"]
        case .vaultOpen: ["opener", "witness"]
        case .vaultCheckin: ["returner", "receiver"]
        case .dropHold: ["requester"]
        case .qaDecide: ["inspector"]
        case .complaintClose: ["handler"]
        case .dropRetry, .dropRelease, .dropWithdraw, .dropWaive, .orderCloseShort, .peopleApprove, .qaDispose, .cardsRemake,
            .stockTransfer, .stockReclassify:
            ["requester", "approver"]
        case .cardsDestroy: ["executor", "production-witness", "security-witness", "warehouse-witness"]
        }
    }

    /// The drop's lifecycle action this statement decides; nil for actions on other things.
    public var dropAction: DropAction? {
        switch self {
        case .dropRetry: .retry
        case .dropHold: .hold
        case .dropRelease: .release
        case .dropWithdraw: .withdraw
        case .dropWaive: .waive
        case .vaultCheckout, .vaultOpen, .vaultCheckin, .orderCloseShort, .peopleApprove, .qaDecide, .qaDispose, .cardsDestroy,
            .complaintClose, .cardsRemake, .stockTransfer, .stockReclassify: nil
        }
    }

    /// The rule when the pipeline file says nothing: two different people of the security role for checkout and
    /// open; for checkin, anyone in the register returns and a person of the security role receives; a decision on
    /// a drop (and closing its order short) is asked for by anyone in the register and approved by another person with
    /// the role `supervisor` (a hold, which only stops work, needs the requester alone); a change to the register of
    /// people is asked for by a person with the role `security` and approved by another with the role `supervisor`;
    /// a QA decision is signed by a person of the qa-inspector role; the disposition of a lot not accepted is asked for by
    /// a person of the qa-inspector role and approved by another with the role `supervisor`; a destruction of cards is executed by anyone in
    /// the register before a witness each of production, security and the warehouse department; a complaint is closed
    /// by a person of the customer-service department; a remake of spoiled cards is asked for by a person of the
    /// production department and approved by another with the role `supervisor`; a stock transfer or reclassification
    /// is asked for by a person of the warehouse department and approved by another with the role `supervisor`.
    public var defaultRule: DualControlRule {
        let security = DutyRequirement(role: "security"), supervisor = DutyRequirement(role: "supervisor")
        switch self {
        case .vaultCheckout, .vaultOpen: return DualControlRule(action: self, requirements: [security, security])
        case .vaultCheckin: return DualControlRule(action: self, requirements: [.anyone, security])
        case .dropHold: return DualControlRule(action: self, requirements: [.anyone])
        case .dropRetry, .dropRelease, .dropWithdraw, .dropWaive, .orderCloseShort:
            return DualControlRule(action: self, requirements: [.anyone, supervisor])
        case .peopleApprove: return DualControlRule(action: self, requirements: [security, supervisor])
        case .qaDecide: return DualControlRule(action: self, requirements: [DutyRequirement(role: "qa-inspector")])
        case .qaDispose: return DualControlRule(action: self, requirements: [DutyRequirement(role: "qa-inspector"), supervisor])
        case .cardsDestroy:
            return DualControlRule(
                action: self,
                requirements: [
                    .anyone, DutyRequirement(department: .production), DutyRequirement(department: .security),
                    DutyRequirement(department: .warehouse),
                ])
        case .complaintClose: return DualControlRule(action: self, requirements: [DutyRequirement(department: .customerService)])
        case .cardsRemake: return DualControlRule(action: self, requirements: [DutyRequirement(department: .production), supervisor])
        case .stockTransfer, .stockReclassify:
            return DualControlRule(action: self, requirements: [DutyRequirement(department: .warehouse), supervisor])
        }
    }
}

/// Who may fill a duty: a person with a role, of a department, both, or anyone in the register.
public struct DutyRequirement: Sendable, Equatable, CustomStringConvertible {
    /// The role the person must have; nil for any.
    public var role: String?
    /// The department the person must belong to; nil for any.
    public var department: Department?

    /// Creates a requirement; with neither role nor department, anyone in the register fills the duty.
    public init(role: String? = nil, department: Department? = nil) { self.role = role; self.department = department }

    /// Anyone in the register.
    public static let anyone = DutyRequirement()

    /// Whether `person` may fill the duty.
    public func admits(_ person: Person) -> Bool {
        (role.map(person.hasRole) ?? true) && (department.map { $0 == person.department } ?? true)
    }

    /// `role security`, `department warehouse`, `role security in department security`, `anyone in the register`.
    public var description: String {
        switch (role, department) {
        case let (role?, department?): "role \(role) in department \(department.rawValue)"
        case let (role?, nil): "role \(role)"
        case let (nil, department?): "department \(department.rawValue)"
        case (nil, nil): "anyone in the register"
        }
    }
}
