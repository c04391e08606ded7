/// Why the people of a statement do not satisfy its dual-control rule.
public enum DualControlRefusal: Error, Equatable, CustomStringConvertible {
    /// The statement is for another action.
    case wrongAction(expected: String, found: String)
    /// The statement does not name anyone for a duty.
    case dutyNotNamed(duty: String, action: String)
    /// The statement names someone who is not in the register.
    case unknownPerson(id: String, duty: String)
    /// One person is named for two duties.
    case onePersonTwoDuties(person: String, duties: [String], action: String)
    /// The person named lacks the role or department the duty needs.
    case notAdmitted(person: String, duty: String, requirement: String)
    /// Two signatures are by the same person.
    case samePersonTwice(person: String, action: String, needed: Int)
    /// Someone signed who is not named in the statement.
    case signerNotNamed(person: String, named: [String])
    /// A person named in the statement has not signed it.
    case notSigned(person: String, duty: String)

    public var description: String {
        switch self {
        case let .wrongAction(expected, found): "the statement is for \(found), not \(expected)"
        case let .dutyNotNamed(duty, action): "the statement names no \(duty); \(action) needs one"
        case let .unknownPerson(id, duty): "\(id), named as \(duty), is not in the register of people"
        case let .onePersonTwoDuties(person, duties, action):
            "\(person) is named as both \(duties.joined(separator: " and ")); \(action) needs different people"
        case let .notAdmitted(person, duty, requirement): "\(person) may not sign as \(duty): the \(duty) needs \(requirement)"
        case let .samePersonTwice(person, action, needed):
            "two signatures are by the same person, \(person); \(action) needs \(needed) different people"
        case let .signerNotNamed(person, named):
            "\(person) signed, but the statement names \(named.joined(separator: " and ")); only they may sign it"
        case let .notSigned(person, duty): "\(person), named as \(duty), has not signed the statement"
        }
    }
}
