/// What several record rules would otherwise each work out again for the same record: its product, looked up once
/// and held by reference; the machines the product goes to; the card number's shape and Luhn check, read in one pass.
/// ``RecordCheck`` makes it once a record and hands it to every rule.
public struct RecordFacts {
    /// The record's product in the contract, or `nil` when the contract does not know the code.
    public let product: ProductReference?
    /// The machines of the record's product, grouped by settings; empty without production targets or machines.
    public let machineGroups: [ProductionTargets.MachineGroup]
    /// The number of the record's branch's carrier address block (``ProductionTargets/branch(_:)``), when the product has
    /// machines and the order names the branch.
    public let branch: Int?
    /// The card number's shape.
    public let cardNumber: CardNumberFacts

    /// Works out the facts of `record` in `context`.
    public init(_ record: CardDataRecord, in context: RuleContext) {
        product = context.productReference(record.productCode)
        machineGroups = context.production?.groups(for: record.productCode) ?? []
        branch = machineGroups.isEmpty ? nil : context.production?.branch(record.branchCode)
        cardNumber = CardNumberFacts(record.cardNumber)
    }

    /// The chip PAN sequence number the first of the product's machines that writes one gives a record without one.
    var defaultPANSequence: Int? {
        for group in machineGroups { if let sequence = group.chipPANSequenceNumber { return sequence } }
        return nil
    }
}

/// A card number's shape, read in one pass over its bytes.
public struct CardNumberFacts: Sendable, Equatable {
    /// Whether the number is 12 to 19 ASCII digits, the shape every other card number rule assumes.
    public let isWellFormed: Bool
    /// Whether a well-formed number ends in its Luhn check digit (false for any other number).
    public let passesLuhn: Bool

    /// Reads `cardNumber`.
    public init(_ cardNumber: String) {
        var number = cardNumber
        (isWellFormed, passesLuhn) = number.withUTF8 { bytes -> (Bool, Bool) in
            guard (12...19).contains(bytes.count) else { return (false, false) }
            var sum = 0
            // The rightmost digit is not doubled, the one left of it is, and so on.
            var double = bytes.count % 2 == 0
            for byte in bytes {
                let digit = Int(byte &- 0x30)
                guard byte >= 0x30, digit <= 9 else { return (false, false) }
                sum += double ? (digit < 5 ? digit * 2 : digit * 2 - 9) : digit
                double.toggle()
            }
            return (true, sum % 10 == 0)
        }
    }
}

/// A product rule held by reference, so that the rules of a record read it without copying it.
public final class ProductReference: Sendable {
    /// The product's rule.
    public let rule: ProductRule

    init(_ rule: ProductRule) { self.rule = rule }
}
