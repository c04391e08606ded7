/// The customer unit an order comes from: its headquarters and the branches cards are made for.
public struct CustomerUnit: Sendable, Equatable, Codable {
    /// The headquarters' code.
    public var code: String
    /// The headquarters' name.
    public var name: String
    /// The branches, in document order; codes are unique.
    public var branches: [Branch]

    /// Creates a customer unit.
    public init(code: String, name: String, branches: [Branch]) {
        self.code = code
        self.name = name
        self.branches = branches
    }

    /// The branch with the given code, if there is one.
    public func branch(code: String) -> Branch? { branches.first { $0.code == code } }
}

/// A branch of a customer unit (a bank agency, a residence, a depot).
public struct Branch: Sendable, Equatable, Codable {
    /// The branch code that order lines refer to.
    public var code: String
    /// The branch's name.
    public var name: String
    /// The branch's postal address.
    public var address: PostalAddress

    /// Creates a branch.
    public init(code: String, name: String, address: PostalAddress) {
        self.code = code
        self.name = name
        self.address = address
    }
}

/// A postal address: one to three street lines, city, postal code and ISO 3166-1 alpha-2 country.
public struct PostalAddress: Sendable, Equatable, Codable {
    /// Street lines, one to three.
    public var street: [String]
    /// The city.
    public var city: String
    /// The postal code.
    public var postalCode: String
    /// The ISO 3166-1 alpha-2 country code, such as `FR`.
    public var country: String

    /// Creates an address.
    public init(street: [String], city: String, postalCode: String, country: String) {
        self.street = street
        self.city = city
        self.postalCode = postalCode
        self.country = country
    }
}
