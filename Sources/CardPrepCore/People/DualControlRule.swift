/// A dual-control rule: for one action, who may fill each of its duties. Every duty is filled by a different person
/// named in the statement, and each of them signs it.
public struct DualControlRule: Sendable, Equatable {
    /// The action the rule governs.
    public let action: ControlledAction
    /// What each duty needs, in the action's duty order.
    public private(set) var requirements: [DutyRequirement]
    /// The duties' names: the action's own, then those of the actions joined to it (see `joined(with:)`).
    public private(set) var dutyNames: [String]

    /// Creates a rule; `requirements` follow `action.duties`.
    public init(action: ControlledAction, requirements: [DutyRequirement]) {
        precondition(requirements.count == action.duties.count, "one requirement per duty of \(action.rawValue)")
        self.action = action
        self.requirements = requirements
        self.dutyNames = action.duties
    }

    /// The duties with what each needs.
    public var duties: [(name: String, requirement: DutyRequirement)] {
        Array(zip(dutyNames, requirements)).map { (name: $0.0, requirement: $0.1) }
    }

    /// This rule with the duties of `other` after its own, as one statement carries them when one action includes
    /// another (a remake from the vault includes opening the vault: `cards.remake` with `vault.open`'s opener and
    /// witness). Every person on the joined rule is still a different person; a duty this rule has already is kept
    /// once, with this rule's requirement.
    public func joined(with other: DualControlRule) -> DualControlRule {
        var rule = self
        for (name, requirement) in other.duties where !rule.dutyNames.contains(name) {
            rule.dutyNames.append(name)
            rule.requirements.append(requirement)
        }
        return rule
    }

    /// A copy with `duty` needing `requirement`; nil when the action has no such duty.
    public func setting(_ duty: String, to requirement: DutyRequirement) -> DualControlRule? {
        guard let index = dutyNames.firstIndex(of: duty) else { return nil }
        var rule = self
        rule.requirements[index] = requirement
        return rule
    }

    /// Checks the people a statement names for the duties, before anyone signs: each is registered, fits their duty,
    /// and no one holds two duties.
    /// - Returns: the person named for each duty, in duty order.
    /// - Throws: `DualControlRefusal` for a duty not named, an unknown person, a wrong role, or one person twice.
    public func namedPeople(in statement: Statement, register: PersonRegister) throws(DualControlRefusal) -> [DutyAssignment] {
        guard statement.action == action.rawValue else {
            throw .wrongAction(expected: action.rawValue, found: statement.action)
        }
        var assignments: [DutyAssignment] = []
        for (duty, requirement) in duties {
            guard let id = statement.field(duty) else { throw .dutyNotNamed(duty: duty, action: action.rawValue) }
            guard let person = register.person(id: id) else { throw .unknownPerson(id: id, duty: duty) }
            if let other = assignments.first(where: { $0.person.id == id }) {
                throw .onePersonTwoDuties(person: id, duties: [other.duty, duty], action: action.rawValue)
            }
            guard requirement.admits(person) else {
                throw .notAdmitted(person: person.summary, duty: duty, requirement: requirement.description)
            }
            assignments.append(DutyAssignment(duty: duty, person: person))
        }
        return assignments
    }

    /// Checks that the people who signed are exactly the people named, each once.
    /// - Parameters:
    ///   - assignments: the people named for the duties (`namedPeople(in:register:)`).
    ///   - signers: the registered people whose signatures verified, one per signature, in the order given.
    /// - Throws: `DualControlRefusal` when someone signed twice, a named person did not sign, or someone not named signed.
    public func confirm(_ assignments: [DutyAssignment], signedBy signers: [Person]) throws(DualControlRefusal) {
        var seen = Set<String>()
        for signer in signers where !seen.insert(signer.id).inserted {
            throw .samePersonTwice(person: signer.id, action: action.rawValue, needed: dutyNames.count)
        }
        if let stranger = signers.first(where: { signer in !assignments.contains { $0.person.id == signer.id } }) {
            throw .signerNotNamed(person: stranger.id, named: assignments.map(\.person.id))
        }
        if let missing = assignments.first(where: { !seen.contains($0.person.id) }) {
            throw .notSigned(person: missing.person.id, duty: missing.duty)
        }
    }
}

/// A person on duty for a signed action.
public struct DutyAssignment: Sendable, Equatable {
    /// The duty (`borrower`, `witness`, …).
    public var duty: String
    /// The person named for it.
    public var person: Person

    /// Creates an assignment.
    public init(duty: String, person: Person) { self.duty = duty; self.person = person }
}
