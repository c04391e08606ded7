/// The register of people who may sign statements, with their departments, roles and keys.
///
/// Every id and every key is listed once: a key shared by two people could not say who signed.
public struct PersonRegister: Sendable, Equatable {
    /// Everyone in the register, by id.
    public let people: [Person]
    private let byKey: [String: String]

    /// Creates a register.
    /// - Throws: `PersonRegisterError` for a malformed or reserved id, an id listed twice, or a key listed twice.
    public init(people: [Person]) throws(PersonRegisterError) {
        var byID: [String: Person] = [:]
        var byKey: [String: String] = [:]
        for person in people {
            guard Person.isValidID(person.id) else { throw .malformedID(person.id) }
            guard !Person.reservedIDs.contains(person.id) else { throw .reservedID(person.id) }
            guard byID[person.id] == nil else { throw .duplicateID(person.id) }
            byID[person.id] = person
            for key in person.keys {
                if let holder = byKey[key.identity] {
                    throw .sharedKey(fingerprint: key.fingerprint, people: [holder, person.id])
                }
                byKey[key.identity] = person.id
            }
        }
        self.people = people.sorted { $0.id < $1.id }
        self.byKey = byKey
    }

    /// An empty register: no one may sign anything.
    public static let empty = PersonRegister(checkedPeople: [])

    private init(checkedPeople: [Person]) {
        people = checkedPeople
        byKey = [:]
    }

    /// The person with `id`, if registered.
    public func person(id: String) -> Person? { people.first { $0.id == id } }

    /// The person holding the key `identity` (`TYPE BASE64`), if registered.
    public func person(holdingKey identity: String) -> Person? { byKey[identity].flatMap { person(id: $0) } }

    /// The people a duty's requirement admits, by id.
    public func people(admittedBy requirement: DutyRequirement) -> [Person] { people.filter(requirement.admits) }
}

/// Why a set of people does not make a register.
public enum PersonRegisterError: Error, Equatable, CustomStringConvertible {
    /// The id is not lowercase letters, digits, `.`, `_` and `-` starting with a letter.
    case malformedID(String)
    /// The id is the pipeline's own actor (`system`).
    case reservedID(String)
    /// Two people have the same id.
    case duplicateID(String)
    /// The same key is listed for two people, or twice for one.
    case sharedKey(fingerprint: String, people: [String])

    public var description: String {
        switch self {
        case let .malformedID(id):
            "person id '\(id)' must be lowercase letters, digits, '.', '_' and '-', starting with a letter (at most 64)"
        case let .reservedID(id): "person id '\(id)' is reserved for the pipeline's own actions"
        case let .duplicateID(id): "person id '\(id)' is listed twice"
        case let .sharedKey(fingerprint, people):
            people.count == 2 && people[0] == people[1]
                ? "key \(fingerprint) is listed twice for \(people[0])"
                : "key \(fingerprint) is listed for \(people.joined(separator: " and ")); a key belongs to one person"
        }
    }
}
