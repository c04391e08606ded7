import Foundation

/// The floor's row of a destruction of spoiled cards (`destruction.csv`).
///
/// Columns, in order: `id,time,place,method,product,quantity,serials,witnesses,cctv`
/// - `id`: the destruction record's id; the destruction itself is signed by its executor and three witnesses with
///   `cardprep stock destroy` under this id, and reconcile matches the row with that signed record
///   (`SignedDestruction`): product, quantity and serials must agree.
/// - `method`: `shredding`, `incineration`, `punching` or `milling`.
/// - `serials`: the serial ranges destroyed, `first-last` or one serial, separated by `;`.
/// - `witnesses`: `name:department` separated by `;`, for the floor's own record. Anyone can type names, so the
///   column proves nothing: the witnesses reconcile checks are the people who signed the record.
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

    /// Whether `serial` is among the serials destroyed.
    public func covers(_ serial: String) -> Bool { serials.contains { $0.contains(serial) } }
}
