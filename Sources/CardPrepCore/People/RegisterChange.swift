/// One difference between the approved register of people and the one proposed: what a `people.approve` statement
/// lists, line by line, for the people who sign it to read.
public enum RegisterChange: Sendable, Equatable, CustomStringConvertible {
    /// A person joins the register, with their keys.
    case addPerson(Person)
    /// A person leaves the register.
    case removePerson(Person)
    /// A person gets another key.
    case addKey(person: String, key: PersonKey)
    /// A person's key is no longer theirs (lost, replaced, left with the token).
    case removeKey(person: String, key: PersonKey)
    /// A person's name, department or roles change: what, from, to.
    case changeDetail(person: String, detail: String, from: String, to: String)

    /// The changes that turn `approved` into `proposed`, people in id order, each person's changes together.
    public static func changes(from approved: PersonRegister, to proposed: PersonRegister) -> [RegisterChange] {
        let ids = Set(approved.people.map(\.id)).union(proposed.people.map(\.id)).sorted()
        return ids.flatMap { id -> [RegisterChange] in
            switch (approved.person(id: id), proposed.person(id: id)) {
            case let (nil, new?): return [.addPerson(new)]
            case let (old?, nil): return [.removePerson(old)]
            case let (old?, new?): return changes(of: old, to: new)
            case (nil, nil): return []
            }
        }
    }

    private static func changes(of old: Person, to new: Person) -> [RegisterChange] {
        var changes: [RegisterChange] = []
        if old.name != new.name { changes.append(.changeDetail(person: old.id, detail: "name", from: old.name, to: new.name)) }
        if old.department != new.department {
            changes.append(.changeDetail(person: old.id, detail: "department", from: old.department.rawValue, to: new.department.rawValue))
        }
        if Set(old.roles) != Set(new.roles) {
            changes.append(.changeDetail(person: old.id, detail: "roles", from: roleList(old.roles), to: roleList(new.roles)))
        }
        let oldKeys = Set(old.keys.map(\.identity)), newKeys = Set(new.keys.map(\.identity))
        changes += old.keys.filter { !newKeys.contains($0.identity) }.map { .removeKey(person: old.id, key: $0) }
        changes += new.keys.filter { !oldKeys.contains($0.identity) }.map { .addKey(person: old.id, key: $0) }
        return changes
    }

    private static func roleList(_ roles: [String]) -> String { roles.isEmpty ? "none" : roles.sorted().joined(separator: ", ") }

    /// `add person mallory (Mallory Doe, security; roles security) with key ssh-ed25519 SHA256:…`, one line.
    public var description: String {
        switch self {
        case let .addPerson(person):
            let keys = person.keys.map { "\($0.type) \($0.fingerprint)" }.joined(separator: " and ")
            return "add person \(person.summary) with key \(keys.isEmpty ? "none" : keys)"
        case let .removePerson(person): return "remove person \(person.summary)"
        case let .addKey(person, key): return "add key \(key.type) \(key.fingerprint) to \(person)"
        case let .removeKey(person, key): return "remove key \(key.type) \(key.fingerprint) of \(person)"
        case let .changeDetail(person, detail, from, to): return "change \(detail) of \(person) from \(from) to \(to)"
        }
    }

    /// The person the change is about.
    public var personID: String {
        switch self {
        case let .addPerson(person), let .removePerson(person): person.id
        case let .addKey(person, _), let .removeKey(person, _), let .changeDetail(person, _, _, _): person
        }
    }
}
