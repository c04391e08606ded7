/// What a file in a drop holds, by its name.
public enum DropFileKind: Sendable, Equatable {
    /// An order in XML (`*.xml`).
    case order
    /// Card data encrypted with age to the bureau (`*.age`).
    case encryptedCardData
    /// Card data encrypted with OpenPGP to the bureau's OpenPGP key (`*.gpg`, `*.pgp`, binary; `*.asc`, armored).
    case openPGPCardData
    /// Anything else: not accepted in a drop.
    case unknown

    /// The name endings of OpenPGP card data files.
    public static let openPGPExtensions = [".gpg", ".pgp", ".asc"]

    /// The kind of the file called `name`.
    public init(fileName name: String) {
        if name.lowercased().hasSuffix(".xml") {
            self = .order
        } else if name.hasSuffix(".age") {
            self = .encryptedCardData
        } else if Self.openPGPExtensions.contains(where: { name.lowercased().hasSuffix($0) }) {
            self = .openPGPCardData
        } else {
            self = .unknown
        }
    }

    /// Whether the file holds encrypted card data, in either format.
    public var isCardData: Bool { self == .encryptedCardData || self == .openPGPCardData }
}
