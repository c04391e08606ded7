/// What a file in a drop holds, by its name.
public enum DropFileKind: Sendable, Equatable {
    /// An order in XML (`*.xml`).
    case order
    /// Card data encrypted with age to the bureau (`*.age`).
    case encryptedCardData
    /// Anything else: not accepted in a drop.
    case unknown

    /// The kind of the file called `name`.
    public init(fileName name: String) {
        if name.lowercased().hasSuffix(".xml") {
            self = .order
        } else if name.hasSuffix(".age") {
            self = .encryptedCardData
        } else {
            self = .unknown
        }
    }
}
