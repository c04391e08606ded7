import GRDB

/// The stock register by customer (migration v16).
///
/// - `stockAccount` is rebuilt with a `customer` column, its location's kind (`headquarters` or `branch`) and name
///   when known, and the key (customer, location, product, class): location codes are no longer shared between
///   customers. Account ids stay, so movements keep their accounts.
/// - An account kept before customers is given to the customer whose cards went to its location (the card trace's
///   branch, through the drop's customer) when there is exactly one such customer, or else, when the ledger has only
///   ever had one customer, to that one. Other accounts keep an empty customer: `cardprep stock balance` lists them
///   as unassigned, and no statement includes them.
/// - `stockPosting`: one row per drop whose floor `stock.csv` was posted to the register, with the file's digest.
enum StockRegisterSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "stockAccountByCustomer") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("location", .text).notNull()
            t.column("product", .text).notNull()
            t.column("stockClass", .text).notNull()
            t.column("customer", .text).notNull().defaults(to: "")
            t.column("locationKind", .text).notNull().defaults(to: "")
            t.column("locationName", .text).notNull().defaults(to: "")
            t.uniqueKey(["customer", "location", "product", "stockClass"])
        }
        let customers = try String.fetchAll(db, sql: "SELECT DISTINCT customer FROM \"drop\"")
        let only = customers.count == 1 ? customers[0] : ""
        try db.execute(sql: """
            INSERT INTO stockAccountByCustomer (id, location, product, stockClass, customer)
            SELECT a.id, a.location, a.product, a.stockClass,
                   COALESCE((SELECT CASE WHEN COUNT(DISTINCT d.customer) = 1 THEN MIN(d.customer) END
                             FROM cardTrace c JOIN cardTraceSet s ON s.id = c.setID JOIN "drop" d ON d.id = s.dropID
                             WHERE c.branch = a.location), ?)
            FROM stockAccount a ORDER BY a.id
            """, arguments: [only])
        try db.drop(table: "stockAccount")
        try db.rename(table: "stockAccountByCustomer", to: "stockAccount")
        try db.create(table: "stockPosting") { t in
            t.primaryKey("dropID", .text)
            t.column("customer", .text).notNull()
            t.column("orderID", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("movements", .integer).notNull()
            t.column("postedAt", .datetime).notNull()
        }
    }
}
