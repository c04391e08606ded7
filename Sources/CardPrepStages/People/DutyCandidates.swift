import CardPrepCore

/// Who in the register may fill each duty of an action, for telling people whom to name before a statement can be
/// printed.
public struct DutyCandidates: Sendable {
    /// One duty, what it needs and the people who fit it.
    public struct Duty: Sendable {
        public var name: String
        public var requirement: DutyRequirement
        public var people: [Person]
    }

    /// The action's duties in order.
    public let duties: [Duty]

    /// The candidates for `rule`'s duties in `register`.
    public init(rule: DualControlRule, register: PersonRegister) {
        duties = rule.duties.map { Duty(name: $0.name, requirement: $0.requirement, people: register.people(admittedBy: $0.requirement)) }
    }

    /// One person for each duty, all different, taking people in register order; nil when the register cannot fill
    /// every duty with different people.
    public var example: [String]? {
        func fill(_ index: Int, _ taken: [String]) -> [String]? {
            guard index < duties.count else { return taken }
            for person in duties[index].people where !taken.contains(person.id) {
                if let filled = fill(index + 1, taken + [person.id]) { return filled }
            }
            return nil
        }
        return fill(0, [])
    }

    /// `--requester: anyone in the register (alice, bob)`, a line per duty.
    public func lines(option: (String) -> String) -> [String] {
        duties.map { duty in
            let names = duty.people.isEmpty ? "no one in the register fits" : duty.people.map(\.id).joined(separator: ", ")
            return "\(option(duty.name)): \(duty.requirement) (\(names))"
        }
    }
}
