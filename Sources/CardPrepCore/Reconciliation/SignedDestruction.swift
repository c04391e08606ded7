import Foundation

/// A destruction of cards recorded on a statement signed by the person who destroyed them and three witnesses
/// (`cardprep stock destroy`): what the ledger holds, and what reconciliation trusts. The people are the verified
/// signers, each with the department the register gave them when they signed; names typed into the floor's
/// `destruction.csv` prove nothing.
public struct SignedDestruction: Sendable, Equatable, Codable {
    /// One person who signed the destruction: the duty, their id in the register and their department then.
    public struct Signer: Sendable, Equatable, Codable, Hashable {
        /// `executor`, `production-witness`, `security-witness` or `warehouse-witness`.
        public var duty: String
        /// The person's id in the register.
        public var person: String
        /// The person's department when they signed.
        public var department: Department

        /// Creates a signer.
        public init(duty: String, person: String, department: Department) {
            self.duty = duty; self.person = person; self.department = department
        }
    }

    /// The departments a destruction needs one witness from, each a different person and none the executor.
    public static let witnessDepartments: [Department] = [.production, .security, .warehouse]

    /// The record's id, as the floor's `destruction.csv` names it.
    public var id: String
    public var time: Date
    public var place: String
    public var method: DestructionRecord.Method
    public var product: String
    public var quantity: Int
    public var serials: [SerialRange]
    /// The reference of the camera recording.
    public var cctv: String
    /// Who destroyed the cards.
    public var executor: Signer
    /// The witnesses, in the order of their duties.
    public var witnesses: [Signer]

    /// Creates a record.
    public init(
        id: String, time: Date, place: String, method: DestructionRecord.Method, product: String, quantity: Int,
        serials: [SerialRange], cctv: String, executor: Signer, witnesses: [Signer]
    ) {
        self.id = id; self.time = time; self.place = place; self.method = method; self.product = product
        self.quantity = quantity; self.serials = serials; self.cctv = cctv; self.executor = executor; self.witnesses = witnesses
    }

    /// Whether `serial` is among the serials destroyed.
    public func covers(_ serial: String) -> Bool { serials.contains { $0.contains(serial) } }

    /// The serial ranges as `destruction.csv` and statements write them: `first-last` or one serial, `;` between.
    public var serialText: String { serials.map(\.description).joined(separator: ";") }

    /// Whether three different people witnessed it, one each from production, security and the warehouse, none of
    /// them the executor. The dual-control rule asks for this by default; a pipeline that relaxed it is caught here.
    public var hasValidWitnesses: Bool { missingWitnessDepartments.isEmpty && distinctWitnesses == 3 }

    /// The witness departments no witness other than the executor stands for.
    public var missingWitnessDepartments: [Department] {
        Self.witnessDepartments.filter { department in
            !witnesses.contains { $0.department == department && $0.person != executor.person }
        }
    }

    /// How many different people, other than the executor, witnessed the destruction.
    public var distinctWitnesses: Int { Set(witnesses.map(\.person)).subtracting([executor.person]).count }

    /// How the floor's row of the same id differs from this record in what it counts: product, quantity, serials.
    /// - Returns: one `field: signed X, destruction.csv Y` phrase per difference; empty when they agree.
    public func differences(from row: DestructionRecord) -> [String] {
        var differences: [String] = []
        if row.product != product { differences.append("product: signed \(product), destruction.csv \(row.product)") }
        if row.quantity != quantity { differences.append("quantity: signed \(quantity), destruction.csv \(row.quantity)") }
        let rowSerials = row.serials.map(\.description).joined(separator: ";")
        if Set(row.serials) != Set(serials) { differences.append("serials: signed \(serialText), destruction.csv \(rowSerials)") }
        return differences
    }
}
