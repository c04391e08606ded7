import GRDB

/// The ledger's schema, as an ordered list of migrations that only ever grows.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: drops, deliveries, quarantine, steps, audit") { db in
            try db.create(table: "drop") { t in
                t.primaryKey("id", .text)
                t.column("customer", .text).notNull()
                t.column("name", .text).notNull()
                t.column("state", .text).notNull()
                t.column("registeredAt", .datetime).notNull()
                t.column("originalsPath", .text).notNull()
                t.column("workPath", .text).notNull()
                t.column("sourcePath", .text).notNull()
                t.column("dataKeyRecipient", .text).notNull()
                t.column("cardFileCount", .integer).notNull()
                t.column("cardBytes", .integer).notNull()
            }
            try db.create(table: "delivery") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("dropID", .text).notNull().indexed()
                t.column("customer", .text).notNull()
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.column("keptAt", .text).notNull().unique()
            }
            try db.create(table: "quarantine") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("customer", .text).notNull()
                t.column("name", .text).notNull()
                t.column("dropID", .text)
                t.column("reasonCode", .text).notNull()
                t.column("message", .text).notNull()
                t.column("quarantinedAt", .datetime).notNull()
                t.column("keptAt", .text).notNull().unique()
                t.column("released", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "step") { t in
                t.column("dropID", .text).notNull()
                t.column("stage", .text).notNull()
                t.column("completedAt", .datetime).notNull()
                t.column("summary", .text).notNull()
                t.primaryKey(["dropID", "stage"])
            }
            try db.create(table: "audit") { t in
                t.primaryKey("seq", .integer)
                t.column("at", .text).notNull()
                t.column("event", .text).notNull()
                t.column("dropID", .text).indexed()
                t.column("actor", .text).notNull()
                t.column("host", .text).notNull()
                t.column("key", .text).notNull()
                t.column("details", .text).notNull()
                t.column("previousHash", .text).notNull()
                t.column("hash", .text).notNull()
            }
        }
        migrator.registerMigration("v2: vault") { db in
            try db.create(table: "vaultBundle") { t in
                t.primaryKey("id", .text)
                t.column("dropID", .text).notNull().unique()
                t.column("path", .text).notNull().unique()
                t.column("contract", .text).notNull().indexed()
                t.column("unit", .text).notNull()
                t.column("product", .text).notNull()
                t.column("date", .text).notNull().indexed()
                t.column("quantity", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.column("created", .datetime).notNull()
                t.column("retainUntil", .datetime).notNull()
                t.column("purged", .boolean).notNull().defaults(to: false)
                t.column("purgedAt", .datetime)
            }
            try db.create(table: "custodyLoan") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("bundleID", .text).notNull().indexed().references("vaultBundle")
                t.column("borrower", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("approvedBy", .text).notNull()
                t.column("outAt", .datetime).notNull()
                t.column("sha256AtCheckout", .text).notNull()
                t.column("inAt", .datetime)
                t.column("sha256AtCheckin", .text)
            }
        }
        migrator.registerMigration("v3: card fingerprints") { db in
            try db.create(table: "cardFingerprint") { t in
                t.primaryKey("fingerprint", .text)
                t.column("dropID", .text).notNull().indexed()
                t.column("recordedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v4: inspection") { db in
            try db.create(table: "inspectionLot") { t in
                t.primaryKey("id", .text)
                t.column("dropID", .text).notNull().indexed()
                t.column("basis", .text).notNull()
                t.column("customer", .text).notNull()
                t.column("product", .text).notNull()
                t.column("orderID", .text).notNull()
                t.column("contract", .text).notNull()
                t.column("orderedQuantity", .integer).notNull()
                t.column("size", .integer).notNull()
                t.column("serials", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "inspectionLotByProduct", on: "inspectionLot", columns: ["customer", "product"])
            try db.create(table: "lotPlan") { t in
                t.primaryKey("lotID", .text).references("inspectionLot")
                t.column("plan", .text).notNull()
                t.column("plannedAt", .datetime).notNull()
            }
            try db.create(table: "lotSample") { t in
                t.primaryKey("lotID", .text).references("inspectionLot")
                t.column("seed", .text).notNull()
                t.column("serials", .text).notNull()
                t.column("drawnAt", .datetime).notNull()
                t.column("drawnBy", .text).notNull()
            }
            try db.create(table: "lotResult") { t in
                t.column("lotID", .text).notNull().references("inspectionLot")
                t.column("line", .integer).notNull()
                t.column("serial", .text).notNull()
                t.column("defectClass", .text)
                t.column("defectCode", .text).notNull()
                t.column("inspector", .text).notNull()
                t.primaryKey(["lotID", "line"])
            }
            try db.create(table: "lotDecision") { t in
                t.primaryKey("lotID", .text).references("inspectionLot")
                t.column("customer", .text).notNull()
                t.column("product", .text).notNull()
                t.column("severity", .text).notNull()
                t.column("accepted", .boolean).notNull()
                t.column("decision", .text).notNull()
                t.column("transition", .text)
                t.column("decidedAt", .datetime).notNull()
                t.column("recordedBy", .text).notNull()
            }
            try db.create(table: "switchingState") { t in
                t.column("customer", .text).notNull()
                t.column("product", .text).notNull()
                t.column("state", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["customer", "product"])
            }
            try db.create(table: "switchingResumption") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("customer", .text).notNull()
                t.column("product", .text).notNull()
                t.column("person", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("resumedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v5: stock") { db in
            try db.create(table: "stockAccount") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("location", .text).notNull()
                t.column("product", .text).notNull()
                t.column("stockClass", .text).notNull()
                t.uniqueKey(["location", "product", "stockClass"])
            }
            try db.create(table: "stockMovement") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("accountID", .integer).notNull().indexed().references("stockAccount")
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("quantity", .integer).notNull()
                t.column("reference", .text).notNull()
                t.column("note", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("usableAfter", .integer).notNull()
                t.column("awaitingDestructionAfter", .integer).notNull()
            }
        }
        migrator.registerMigration("v6: card fingerprints as bytes") { db in
            try CardFingerprintSchema.storeAsBytes(db)
        }
        migrator.registerMigration("v7: drop lifecycle") { db in
            try LifecycleMigration.migrate(db)
        }
        migrator.registerMigration("v8: signed statements") { db in
            try SignedStatementSchema.migrate(db)
        }
        migrator.registerMigration("v9: signed destructions") { db in
            try SignedDestructionSchema.migrate(db)
        }
        migrator.registerMigration("v10: signed lot decisions") { db in
            try SignedStatementSchema.signLotDecisions(db)
        }
        migrator.registerMigration("v11: approved register of people") { db in
            try PersonRegisterSchema.migrate(db)
        }
        migrator.registerMigration("v12: short closures") { db in
            try ShortClosureSchema.migrate(db)
        }
        migrator.registerMigration("v13: card trace") { db in
            try CardTraceSchema.migrate(db)
        }
        migrator.registerMigration("v14: complaints") { db in
            try ComplaintSchema.migrate(db)
        }
        migrator.registerMigration("v15: order replacements and card remakes") { db in
            try OrderReplacementSchema.migrate(db)
            try CardRemakeSchema.migrate(db)
        }
        migrator.registerMigration("v16: stock registers per customer") { db in
            try StockRegisterSchema.migrate(db)
        }
        migrator.registerMigration("v17: shipping plans") { db in
            try ShippingPlanSchema.migrate(db)
        }
        migrator.registerMigration("v20: dispositions of lots not accepted") { db in
            try LotDispositionSchema.migrate(db)
        }
        migrator.registerMigration("v21: cards by drop and product, for finding mixed bundles") { db in
            try db.create(index: "cardTraceBySetAndProduct", on: "cardTrace", columns: ["setID", "product", "branch"])
        }
        migrator.registerMigration("v22: cards by PAN sequence number and expiry, for renewals and reissues") { db in
            try CardFingerprintSchema.keepIssues(db)
        }
        migrator.registerMigration("v25: switching state per class of nonconformity") { db in
            try SwitchingClassSchema.migrate(db)
        }
        migrator.registerMigration("v26: remakes of archived drops and where each stands") { db in
            try ArchivedRemakeSchema.migrate(db)
        }
        migrator.registerMigration("v27: card fingerprints by set, for checkpoints that digest only the sets added") { db in
            try db.create(index: "cardFingerprintBySet", on: "cardFingerprint", columns: ["setID"])
            try db.create(index: "cardFingerprintLaterBySet", on: "cardFingerprintLater", columns: ["setID"])
        }
        migrator.registerMigration("v28: drop claims with leases and fencing tokens") { db in
            try DropClaimSchema.migrate(db)
        }
        migrator.registerMigration("v29: card fingerprints in order of drop, with a lookup by fingerprint merged in batches") { db in
            try CardFingerprintSchema.storeBySet(db)
        }
        migrator.registerMigration("v30: the card trace found through lookups merged a batch of drops at a time") { db in
            try CardTraceLookupSchema.migrate(db)
        }
        return migrator
    }
}

/// The ledger's schema version, as `--version` prints it.
public enum LedgerVersion {
    /// The newest migration's number, e.g. `v12`.
    public static var schema: String {
        LedgerSchema.migrator.migrations.last.map { String($0.prefix { $0 != ":" }) } ?? "v0"
    }
}
