import CardPrepCore

/// Reads the `dual_control` block of a pipeline file into a `DualControlPolicy`.
///
/// ```yaml
/// dual_control:
///   statement_max_age: 30m                      # default 30m
///   vault.checkout: {borrower: security, approver: security}
///   vault.open: {opener: security, witness: security}
///   vault.checkin: {returner: any, receiver: security}
///   qa.decide: {inspector: qa-inspector}        # one duty: the inspector signs alone
/// ```
///
/// A duty's value is a role, `any` (anyone in the register), or a mapping with `role` and/or `department`.
/// Duties not given keep their defaults; an action's duties cannot be removed or renamed. Every action reads the same
/// way, whether it has two duties (the vault's) or one (`qa.decide`).
enum DualControlSettings {
    /// Reads the block; the defaults when `block` is nil.
    static func read(_ block: ConfigurationMapping?) throws(ConfigurationError) -> DualControlPolicy {
        var policy = DualControlPolicy()
        guard var block else { return policy }
        let actions = ControlledAction.allCases.map(\.rawValue)
        try block.expectOnly(Set(["statement_max_age"] + actions))
        if let age = try block.optionalDuration("statement_max_age") {
            guard age > .zero else { throw block.error("statement_max_age", "must be longer than 0s") }
            policy.statementMaxAge = age
        }
        for action in ControlledAction.allCases {
            guard var duties = try block.optionalMapping(action.rawValue) else { continue }
            try duties.expectOnly(Set(action.duties))
            var rule = policy.rule(for: action)
            for duty in action.duties {
                guard let value = try duties.scalarOrMapping(duty) else { continue }
                rule = rule.setting(duty, to: try requirement(value, duty: duty, in: duties))!
            }
            try duties.rejectUnknownKeys()
            policy.set(rule)
        }
        try block.rejectUnknownKeys()
        return policy
    }

    /// A duty's requirement: `any`, a role, or `{role: …, department: …}`.
    private static func requirement(
        _ value: ConfigurationMapping.Either, duty: String, in duties: ConfigurationMapping
    ) throws(ConfigurationError) -> DutyRequirement {
        switch value {
        case let .scalar(text, _):
            if text == "any" { return .anyone }
            guard Person.isValidRole(text) else { throw duties.error(duty, "'\(text)' is not a role name or 'any'") }
            return DutyRequirement(role: text)
        case var .mapping(mapping):
            try mapping.expectOnly(["role", "department"])
            let role = try mapping.optionalString("role")
            if let role, !Person.isValidRole(role) { throw mapping.error("role", "'\(role)' is not a role name") }
            var department: Department?
            if let name = try mapping.optionalString("department") {
                guard let known = Department(rawValue: name) else {
                    throw mapping.error("department", "unknown department '\(name)' (known: \(Department.names))")
                }
                department = known
            }
            try mapping.rejectUnknownKeys()
            return DutyRequirement(role: role, department: department)
        }
    }
}
