import CardPrepCore
import Foundation

/// Where a drop's bundle goes in the vault and what the index says about it, taken from the drop's orders.
///
/// One bundle per drop. A drop whose orders name several contracts, units or products is filed under
/// `MIXED` for that level; the quantity is the sum over every line of every order; the date is the
/// earliest issue date.
public struct BundleIdentity: Sendable, Equatable {
    /// The folder and index value used when a drop's orders disagree.
    public static let mixed = "MIXED"

    public var bundleID: String
    public var contract: String
    public var unit: String
    public var product: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var quantity: Int

    /// Creates an identity.
    public init(bundleID: String, contract: String, unit: String, product: String, date: String, quantity: Int) {
        self.bundleID = bundleID; self.contract = contract; self.unit = unit; self.product = product
        self.date = date; self.quantity = quantity
    }

    /// The identity of a drop from its parsed orders.
    /// - Parameters:
    ///   - dropID: the drop's ledger identity; the bundle id is its first 16 hex digits.
    ///   - orders: the drop's orders, at least one.
    public init(dropID: String, orders: [Order]) {
        func single(_ values: [String]) -> String { Set(values).count == 1 ? values[0] : Self.mixed }
        bundleID = String(dropID.prefix(16))
        contract = single(orders.map(\.contractNumber))
        unit = single(orders.map(\.customerUnit.code))
        product = single(orders.flatMap { $0.lines.map(\.productCode) })
        date = orders.map(\.issueDate).min().map(\.description) ?? "0000-00-00"
        quantity = orders.reduce(0) { $0 + $1.totalQuantity }
    }

    /// The bundle's path relative to the vault root:
    /// `<contract>/<unit>/<product>/<date>_<quantity>_<bundle id>.tar.zst.age`.
    public var relativePath: String {
        [Self.segment(contract), Self.segment(unit), Self.segment(product),
         "\(Self.segment(date))_\(quantity)_\(bundleID).tar.zst.age"].joined(separator: "/")
    }

    /// A value made safe as one path segment: letters, digits, `-`, `_` and `.` kept, anything else `_`,
    /// never empty and never starting with a dot.
    static func segment(_ value: String) -> String {
        var text = String(value.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
        if text.isEmpty || text.hasPrefix(".") { text = "_" + text }
        return text
    }
}
