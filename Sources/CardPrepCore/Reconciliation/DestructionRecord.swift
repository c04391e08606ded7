import Foundation

/// A witnessed destruction of spoiled cards (`destruction.csv`).
///
/// Columns, in order: `id,time,place,method,product,quantity,serials,witnesses,cctv`
/// - `method`: `shredding`, `incineration`, `punching` or `milling`.
/// - `serials`: the serial ranges destroyed, `first-last` or one serial, separated by `;`.
/// - `witnesses`: `name:department` separated by `;`; a valid record has at least three distinct people from
///   the three departments `production`, `security` and `warehouse`.
/// - `cctv`: the reference of the camera recording.
public struct DestructionRecord: CSVRecord, Equatable, Codable {
    /// How cards were destroyed.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case shredding, incineration, punching, milling
    }

    /// One person who watched the destruction.
    public struct Witness: Sendable, Equatable, Codable, Hashable {
        public var name: String
        public var department: String

        /// Creates a witness.
        public init(name: String, department: String) { self.name = name; self.department = department }
    }

    /// The departments a valid destruction needs a witness from.
    public static let requiredDepartments: Set<String> = ["production", "security", "warehouse"]

    public var id: String
    public var time: Date
    public var place: String
    public var method: Method
    public var product: String
    public var quantity: Int
    public var serials: [SerialRange]
    public var witnesses: [Witness]
    public var cctv: String

    /// Creates a record.
    public init(id: String, time: Date, place: String, method: Method, product: String, quantity: Int, serials: [SerialRange],
                witnesses: [Witness], cctv: String) {
        self.id = id; self.time = time; self.place = place; self.method = method; self.product = product
        self.quantity = quantity; self.serials = serials; self.witnesses = witnesses; self.cctv = cctv
    }

    public static let columns = ["id", "time", "place", "method", "product", "quantity", "serials", "witnesses", "cctv"]

    /// Reads one row of `destruction.csv`.
    public init(_ fields: CSVFields) throws(CSVFieldError) {
        id = try fields.text("id")
        time = try fields.time("time")
        place = try fields.text("place")
        method = try fields.choice("method", Method.self)
        product = try fields.text("product")
        quantity = try fields.count("quantity", minimum: 1)
        serials = []
        for text in try fields.text("serials").split(separator: ";") {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let range = SerialRange(trimmed) else { throw .invalid(column: "serials", value: trimmed, expected: "a serial range") }
            serials.append(range)
        }
        witnesses = []
        for text in fields.optional("witnesses").split(separator: ";") {
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalid(column: "witnesses", value: String(text), expected: "name:department")
            }
            witnesses.append(Witness(name: parts[0], department: parts[1].lowercased()))
        }
        cctv = fields.optional("cctv")
    }

    /// Whether three different people witnessed the destruction, one each from production, security and warehouse.
    public var hasValidWitnesses: Bool {
        func people(_ department: String) -> Set<String> {
            Set(witnesses.filter { $0.department == department }.map { $0.name.lowercased() })
        }
        for p in people("production") {
            for s in people("security") where s != p {
                for w in people("warehouse") where w != p && w != s { return true }
            }
        }
        return false
    }

    /// Whether `serial` is among the serials destroyed.
    public func covers(_ serial: String) -> Bool { serials.contains { $0.contains(serial) } }
}
