/// The formats of the QA, stock, bench and fixtures commands.
extension JSONFormat {
    static let qaPlan = JSONFormat(
        "cardprep-qa-plan", commands: ["qa plan"], "An ISO 2859-1 (or Z1.4) single sampling plan.",
        keys: [
            .string("codeLetter", "the lot's code letter"), .string("planCodeLetter", "the row the plan is read from (after an arrow)"),
            .number("sampleSize", "cards to inspect"), .number("acceptNumber", "accept with at most this many defects"),
            .number("rejectNumber", "reject with at least this many"), .boolean("inspectAll", "the sample is the whole lot"),
        ])

    static let qaLots = JSONFormat(
        "cardprep-qa-lots", commands: ["qa lots"], "Inspection lots.",
        keys: [.array("lots", "`lot`, `drop`, `customer`, `product`, `size`, `severity`, `sampleSize`, `sampled`, `decision`, `decidedBy`")])

    static let qaSample = JSONFormat(
        "cardprep-qa-sample", commands: ["qa sample"], "The cards drawn for inspection.",
        keys: [
            .string("lot", "the lot"), .string("seed", "the draw's seed (hex)"), .string("severity", "normal, tightened or reduced"),
            .number("sampleSize", "cards drawn"), .array("serials", "their serials"),
        ])

    static let qaDecision = JSONFormat(
        "cardprep-qa-decision", commands: ["qa record"], "A lot's signed inspection decision.",
        keys: [
            .string("lotID", "the lot"), .array("classes", "per defect class: the plan, defects found and the decision"),
            .boolean("accepted", "the lot is accepted"), .number("inspected", "cards inspected"), .number("defective", "cards defective"),
            .number("qualificationRate", "percent good"), .array("inspectors", "who inspected"),
            .string("decidedBy", "the inspector's person id"), .string("statement", "the signed statement's digest", optional: true),
        ])

    static let qaReport = JSONFormat(
        "cardprep-qa-report", commands: ["qa report"], "The acceptance report files written.", keys: [.array("files", "the files")])

    static let qaResume = JSONFormat(
        "cardprep-qa-resume", commands: ["qa resume"], "Normal inspection resumed after a discontinuation.",
        keys: [.string("event", "the switching event"), .string("severity", "the inspection severity from now on"), .string("reason", "why"),
               .object("classes", "per class of nonconformity resumed: `event`, `severity`, `reason`, …")])

    static let lotDisposition = JSONFormat(
        "cardprep-lot-disposition", commands: ["qa dispose"], "What is done with a lot not accepted.",
        keys: [.object("disposition", "the signed disposition"), .boolean("dropReleased", "its drop was released")])

    static let stockMovement = JSONFormat(
        "cardprep-stock-movement", commands: ["stock record"], "One stock movement recorded.",
        keys: [
            .number("seq", "the movement's number", optional: true), .number("accountID", "the account"), .string("at", "when"),
            .string("kind", "received, issued, returned, spoiled, destroyed, …"), .number("quantity", "cards"),
            .string("reference", "the document"), .string("note", "a note"), .string("actor", "who recorded it"),
            .number("usableAfter", "usable cards after it"), .number("awaitingDestructionAfter", "cards awaiting destruction after it"),
        ])

    static let stockTransfer = JSONFormat(
        "cardprep-stock-transfer", commands: ["stock transfer", "stock reclassify"], "The two movements of a transfer.",
        keys: [.array("movements", "out of one account, into the other")])

    static let stockCount = JSONFormat(
        "cardprep-stock-count", commands: ["stock count"], "A physical count against the book.",
        keys: [
            .string("account", "the account"), .number("counted", "cards counted"), .number("book", "the book's balance"),
            .object("finding", "the variance, when there is one", optional: true),
        ])

    static let stockBalance = JSONFormat(
        "cardprep-stock-balance", commands: ["stock balance"], "Balances of stock accounts.",
        keys: [.array("accounts", "`customer`, `location`, `product`, `stockClass`, `usable`, `awaitingDestruction`, `total`")])

    static let stockHistory = JSONFormat(
        "cardprep-stock-history", commands: ["stock history"], "An account's movements.", keys: [.array("movements", "every movement")])

    static let stockStatement = JSONFormat(
        "cardprep-stock-statement", commands: ["stock statement"], "A customer's stock balance statement.",
        keys: [
            .string("bureau", "the bureau"), .string("customer", "the customer"), .string("customerName", "its name"),
            .string("period", "the period"), .string("from", "its start"), .string("until", "its end"), .string("generated", "when made"),
            .array("accounts", "per account: opening balance, movements, cards in and out, closing balance"),
        ])

    static let destruction = JSONFormat(
        "cardprep-destruction", commands: ["stock destroy"], "A signed destruction.",
        keys: [
            .number("seq", "its number", optional: true), .string("id", "the floor's record id"), .string("time", "when"),
            .string("place", "where"), .string("method", "how"), .string("product", "the product"), .number("quantity", "cards"),
            .string("serials", "their serials"), .string("cctv", "the recording"), .string("reason", "why"),
            .string("executor", "who destroyed them"), .string("executorDepartment", "their department"),
            .string("productionWitness", "witness"), .string("productionWitnessDepartment", "department"),
            .string("securityWitness", "witness"), .string("securityWitnessDepartment", "department"),
            .string("warehouseWitness", "witness"), .string("warehouseWitnessDepartment", "department"),
            .string("statement", "the signed statement's digest"), .string("stockAccount", "the stock account debited", optional: true),
            .string("recordedAt", "when recorded"),
        ])

    static let destructions = JSONFormat(
        "cardprep-destructions", commands: ["stock destructions"], "Destructions recorded.", keys: [.array("destructions", "every destruction")])

    static let benchPipeline = JSONFormat(
        "cardprep-bench-pipeline", commands: ["bench pipeline"], "The pipeline measured.",
        keys: [
            .number("cards", "cards run"), .number("plaintextBytes", "bytes of card data"), .array("stages", "per stage: `name`, `seconds`, `cardsPerSecond`, `mbPerSecond`, `cpuSeconds`, `cardsPerCPUSecond`, `cpuMicrosecondsPerCard`, `peakRSSBytes`"),
            .array("floor", "the floor's equivalents"), .number("pipelineSeconds", "the pipeline's time"), .number("floorSeconds", "the floor's"),
            .number("ratio", "the pipeline's time divided by the floor's"), .number("peakRSSBytes", "peak memory"),
            .number("pipelineCPUSeconds", "user and system CPU time of all stages"),
        ])

    static let benchFingerprints = JSONFormat(
        "cardprep-bench-fingerprints", commands: ["bench fingerprints"], "Card fingerprinting measured.",
        keys: [
            .number("fingerprints", "fingerprints in the ledger"), .number("fillSeconds", "time to fill it"), .number("filled", "fingerprints filled"),
            .object("held", "lookups of fingerprints held"), .object("new", "lookups of new ones"),
        ])

    static let benchFingerprintKey = JSONFormat(
        "cardprep-bench-fingerprint-key", commands: ["bench fingerprint-key"], "The fingerprint key's derivation measured.",
        keys: [.array("results", "per thread count: `threads`, `cards`, `seconds`")])

    static let fixtures = JSONFormat(
        "cardprep-fixtures", commands: ["fixtures"], "Sample drops generated.",
        keys: [.array("drops", "the drops written"), .array("faults", "the faults planted, as injections.json lists them")])
}

extension JSONFormat {
    /// Every format, in the order of the reference.
    public static let all: [JSONFormat] = [
        .error, .run, .reconcileDrop, .check, .status, .dropHistory, .dropState, .statementRequest, .remake, .shortClosure, .trace,
        .shippingPlan, .shippingPlans, .complaint, .complaints, .complaintReport,
        .vaultFind, .vaultList, .vaultDump, .vaultVerify, .vaultArchive, .vaultOpen, .vaultLoan, .vaultHistory, .vaultPurge, .vaultReindex,
        .audit, .auditCheckpoint, .ledgerMigrate, .ledgerMerge, .keys, .intakeKeys, .keySplit, .keyCombineTest, .people, .peopleApproval,
        .qaPlan, .qaLots, .qaSample, .qaDecision, .qaReport, .qaResume, .lotDisposition,
        .stockMovement, .stockTransfer, .stockCount, .stockBalance, .stockHistory, .stockStatement, .destruction, .destructions,
        .benchPipeline, .benchFingerprints, .benchFingerprintKey, .fixtures, .jsonFormats,
    ]
}
