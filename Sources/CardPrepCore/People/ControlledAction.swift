/// The actions that need signed statements, each with its fixed duties: the people who must sign, named in the
/// statement. The pipeline file says who may fill each duty (`DualControlRule`); it cannot remove a duty.
public enum ControlledAction: String, Sendable, CaseIterable, Codable {
    /// Lending a bundle out of the vault.
    case vaultCheckout = "vault.checkout"
    /// Decrypting a bundle into a folder.
    case vaultOpen = "vault.open"
    /// Taking a lent bundle back.
    case vaultCheckin = "vault.checkin"
    /// Destroying spoiled cards before witnesses from production, security and the warehouse.
    case cardsDestroy = "cards.destroy"

    /// The duties, in the order the statement names them.
    public var duties: [String] {
        switch self {
        case .vaultCheckout: ["borrower", "approver"]
        case .vaultOpen: ["opener", "witness"]
        case .vaultCheckin: ["returner", "receiver"]
        case .cardsDestroy: ["executor", "production-witness", "security-witness", "warehouse-witness"]
        }
    }

    /// The rule when the pipeline file says nothing: two different people of the security role for checkout and
    /// open; for checkin, anyone in the register returns and a person of the security role receives; for a destruction,
    /// anyone in the register executes it and each witness is of the department the duty names.
    public var defaultRule: DualControlRule {
        let security = DutyRequirement(role: "security")
        switch self {
        case .vaultCheckout, .vaultOpen: return DualControlRule(action: self, requirements: [security, security])
        case .vaultCheckin: return DualControlRule(action: self, requirements: [.anyone, security])
        case .cardsDestroy:
            return DualControlRule(
                action: self,
                requirements: [
                    .anyone, DutyRequirement(department: .production), DutyRequirement(department: .security),
                    DutyRequirement(department: .warehouse),
                ])
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
