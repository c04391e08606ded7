/// The bureau's departments, as the register of people names them.
public enum Department: String, Sendable, CaseIterable, Codable {
    case production
    case security
    case warehouse
    case qa
    case customerService = "customer-service"
    case management

    /// The names the register accepts, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
