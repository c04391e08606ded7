/// The book balance of one stock account.
///
/// The register keeps two balances per account: cards `usable` and cards `awaitingDestruction`. Their sum is the
/// account's `closing` balance, and for every account and period
///
///     closing = opening + received − issued + returned − destroyed
///               + transferred in − transferred out + reclassified in − reclassified out
///
/// that is `closing = opening + in − out` (`StockMovementKind.isIn`, `.isOut`).
/// `spoiled` moves cards from usable to awaiting destruction and leaves the closing balance unchanged;
/// `destroyed` takes them out of awaiting destruction. Counts (`inventory`, `spot-check`) count the usable cards
/// and change no balance: a count that differs from the usable balance is a `stock-count-variance` finding.
public struct StockBalance: Sendable, Equatable, Codable {
    /// Cards on the shelf that production may use.
    public var usable: Int
    /// Spoiled stock cards kept for a witnessed destruction.
    public var awaitingDestruction: Int

    /// Creates a balance.
    public init(usable: Int = 0, awaitingDestruction: Int = 0) {
        self.usable = usable; self.awaitingDestruction = awaitingDestruction
    }

    /// Every card the account holds.
    public var closing: Int { usable + awaitingDestruction }

    /// The balance after `kind` of `quantity` cards.
    public func applying(_ kind: StockMovementKind, _ quantity: Int) -> StockBalance {
        var next = self
        switch kind {
        case .received, .returned, .transferredIn, .reclassifiedIn: next.usable += quantity
        case .issued, .transferredOut, .reclassifiedOut: next.usable -= quantity
        case .spoiled: next.usable -= quantity; next.awaitingDestruction += quantity
        case .destroyed: next.awaitingDestruction -= quantity
        case .inventory, .spotCheck: break
        }
        return next
    }
}

/// Replays stock movements in order, keeping each account's balance and reporting count variances.
public struct StockBook: Sendable {
    /// The balances by account.
    public private(set) var balances: [StockAccountKey: StockBalance]
    /// The variances found by counts so far.
    public private(set) var findings: [ReconciliationFinding] = []

    /// Starts from `opening` balances (none: every account starts at zero).
    public init(opening: [StockAccountKey: StockBalance] = [:]) { balances = opening }

    /// Applies one movement; a count is compared with the usable balance.
    /// - Parameters:
    ///   - file: the input the movement was read from, and `line` its line, for the finding's location.
    public mutating func apply(_ movement: StockMovement, file: String? = nil, line: Int? = nil) {
        let balance = balances[movement.account] ?? StockBalance()
        if movement.kind.isCount {
            if let finding = Self.variance(movement, book: balance.usable, file: file, line: line) { findings.append(finding) }
            return
        }
        balances[movement.account] = balance.applying(movement.kind, movement.quantity)
    }

    /// The finding for a count of `movement.quantity` against a book balance of `book`, or nil when they agree.
    public static func variance(_ movement: StockMovement, book: Int, file: String? = nil, line: Int? = nil) -> ReconciliationFinding? {
        guard movement.kind.isCount, movement.quantity != book else { return nil }
        let kind = movement.kind == .inventory ? "inventory" : "spot check"
        return ReconciliationFinding(
            .stockCountVariance,
            at: ReconciliationLocation(file: file, line: line, product: movement.account.product, account: movement.account.description),
            expected: book, actual: movement.quantity,
            message: "\(kind) counted \(movement.quantity) usable cards where the book holds \(book) (variance \(movement.quantity - book))")
    }
}
