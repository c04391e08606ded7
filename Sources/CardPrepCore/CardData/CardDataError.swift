/// Failures that stop reading a card data file (as opposed to findings about its records).
/// Descriptions never contain card data.
public enum CardDataError: Error, Equatable, CustomStringConvertible {
    /// The C library cannot decode the contract's encoding.
    case encodingUnavailable(encoding: String, errno: Int32)
    /// The underlying byte source failed; `reason` is its error's description.
    case read(reason: String)

    /// The failure in words.
    public var description: String {
        switch self {
        case let .encodingUnavailable(encoding, code):
            "cannot decode \(encoding) card data: iconv_open failed with errno \(code)"
        case let .read(reason):
            "cannot read the card data: \(reason)"
        }
    }
}
