/// Failures that stop the transform of a drop.
public enum TransformError: Error, CustomStringConvertible {
    /// A product of the order has no machine in the customer's profile.
    case noMachine(customer: String, product: String)
    /// An accepted record could not be personalised (the message holds no card data).
    case record(dropID: String, recordNumber: Int, reason: String)
    /// The records written differ from the plan (the card data changed since validation).
    case countMismatch(job: String, planned: Int, written: Int)
    /// A machine writes EMV CPS data groupings but the product has no chip application profile to place its tags.
    case noChipRecords(customer: String, product: String, machine: String)

    public var description: String {
        switch self {
        case let .noMachine(customer, product): "customer \(customer): product \(product) names no machine in its profile"
        case let .record(dropID, recordNumber, reason): "drop \(dropID.prefix(12)) record \(recordNumber): \(reason)"
        case let .countMismatch(job, planned, written): "job \(job): planned \(planned) cards, wrote \(written)"
        case let .noChipRecords(customer, product, machine):
            "customer \(customer): machine \(machine) writes chip-cps jobs, but product \(product) has no chip.records in its profile"
        }
    }
}
