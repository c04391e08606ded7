/// The formats of the pipeline, drop, trace, shipping and complaint commands, and of errors.
extension JSONFormat {
    static let error = JSONFormat(
        "cardprep-error", commands: ["every command with --json"],
        "A failure, instead of the error line on standard error; the exit code is the same.",
        keys: [.object("error", "`code` (the exit code's name: `usage`, `refused`, …), `exitCode`, `message` (what and where), `fix` (what to do, when known), `kind` (the same as `code`)")])

    static let run = JSONFormat(
        "cardprep-run", commands: ["run", "ingest", "validate", "transform", "reconcile", "inspect", "archive"],
        "The result of a run or of one stage over every due drop.",
        keys: [
            .string("pipeline", "the pipeline's name"), .boolean("dryRun", "nothing was changed"),
            .number("exitCode", "the exit code the run ends with"), .string("summary", "one line for a person"),
            .array("ingest", "per drop: `customer`, `drop`, `dropID`, `outcome`, `reason`, `message`, `stale`", optional: true),
            .array("validate", "per drop: `decision`, `reasons`, `accepted`, `rejected`, `lines`", optional: true),
            .array("transform", "per drop: the job manifest (jobs, batches, counts)", optional: true),
            .array("reconcile", "per drop: `orderID` and `findings`", optional: true),
            .array("archive", "per drop: `outcome`", optional: true),
            .array("failures", "drops failed in this run: `stage`, `customer`, `drop`, `dropID`, `message`, `fix`"),
            .array("planned", "on a dry run: `stage`, `customer`, `drop`, `dropID`, `state`"),
            .object("attention", "`drops` waiting for a person, each with `dropID`, `state`, `since`, `ageSeconds`"),
            .object("checkpoint", "the signed audit checkpoint the run ended with: `number`, `seq`, `new`", optional: true),
            .array("outbox", "each drop's folder in the customer outbox the run published to: `customer`, `drop`, `folder`, `files`, …"),
            .array("heldElsewhere", "drops another live worker held, skipped: `stage`, `dropID`, `customer`, `drop`, `host`, `pid`"),
            .array("claimsLost", "drops whose claim was taken over while a stage worked on them, nothing of it recorded: `stage`, `dropID`, `customer`, `drop`, `host`, `pid`"),
        ])

    static let reconcileDrop = JSONFormat(
        "cardprep-reconcile", commands: ["reconcile PIPELINE DROP"],
        "One drop's reconciliation, as its report.json.",
        keys: [
            .string("dropID", "the drop's id"), .string("orderID", "its order"), .string("contract", "the order's contract"),
            .string("generated", "when the report was made"),
            .array("branches", "per branch and product: `branch`, `product`, `ordered`, `good`, `spoiled`, `delivered`"),
            .array("shipments", "`shipment`, `branch`, `carrier`, `tracking`, `dispatched`, `cards`, `boxes`, `received`, `receivedBy`, `deliveryList`"),
            .array("pendingDestruction", "spoiled cards not destroyed yet"),
            .array("findings", "`code`, `location`, `expected`, `actual`, `message`"),
            .string("customer", "the drop's customer folder", optional: true), .string("customerName", "its name, as its profile gives it", optional: true),
            .string("bureau", "the bureau's name", optional: true),
            .string("recordedBy", "who recorded the reconciliation: a person's id, or `system` for the pipeline run", optional: true),
            .number("stockMovements", "rows of the floor's stock.csv (absent when none came back)", optional: true),
        ])

    static let check = JSONFormat(
        "cardprep-check", commands: ["check"], "A configuration check.",
        keys: [
            .string("pipeline", "the pipeline file"), .boolean("ok", "no problem found"),
            .array("problems", "`area`, `severity`, `file`, `line`, `reason`"), .array("notes", "as problems; they do not fail the check"),
            .object("checked", "how many of each thing were checked"),
        ])

    static let status = JSONFormat(
        "cardprep-status", commands: ["status"], "The pipeline at a glance.",
        keys: [
            .string("pipeline", "the pipeline's name"), .array("drops", "every drop: `dropID`, `customer`, `drop`, `state`, `since`, `failure`, …"),
            .object("states", "drops per state"), .object("attention", "drops waiting for a person"),
            .array("jobFilesOut", "job files issued and not yet reported on"), .array("waitingForProduction", "drops waiting for the floor's reports"),
            .array("lotsWaitingForInspection", "lots without a decision"), .array("loans", "bundles checked out"),
            .number("duplicateDeliveries", "deliveries refused as duplicates"), .array("uploads", "drops still arriving"),
            .number("readyInInbox", "drops ready to be ingested"), .array("openOrderLines", "order lines not delivered in full yet"),
            .object("complaints", "`open`, `oldest`"),
            .string("customerOutbox", "the customer outbox folder; each drop's own folder is its `outbox`"),
            .array("shippingRisks", "orders past due or whose plan cannot meet its due date: `kind`, `dropID`, `order`, `state`, `priority`, `dueDate`, `problems`, `since`, `ageSeconds`"),
            .array("remakesOfArchivedDrops", "remakes from the vault still waiting: `dropID`, `customer`, `drop`, `remakeJob`, `spoiledSerial`, `state` (`awaiting-floor-report`, `awaiting-destruction`), `remadeAt`, `ageSeconds`"),
            .array("claims", "which worker holds which drop's stage now: `dropID` (or `inbox:<customer>/<drop>`), `customer`, `drop`, `stage`, `host`, `pid`, `leaseSecondsLeft`"),
        ])

    static let dropHistory = JSONFormat(
        "cardprep-drop-history", commands: ["history"], "Every state a drop went through and its audit events.",
        keys: [
            .string("dropID", "the drop's id"), .string("customer", "its customer"), .string("drop", "its name"),
            .string("state", "its state now"), .object("failure", "`stage`, `error`, `fix` while it is failed", optional: true),
            .array("transitions", "`at`, `action`, `from`, `to`, `actor`, `host`, `reason`"),
            .array("events", "`seq`, `at`, `event`, `actor`, `details`"),
        ])

    static let dropState = JSONFormat(
        "cardprep-drop-state", commands: ["retry", "hold", "release", "withdraw", "waive"], "A drop's state changed by a person's decision.",
        keys: [
            .string("dropID", "the drop's id"), .string("customer", "its customer"), .string("drop", "its name"),
            .string("state", "its state now"), .string("was", "its state before"), .string("statement", "the signed statement's digest"),
            .array("signers", "`duty`, `person`, `key`"),
        ])

    static let statementRequest = JSONFormat(
        "cardprep-statement-request", commands: ["every command under dual control, without --statement"],
        "The statement to sign and the commands to sign it and to run again; the exit code is 64.",
        keys: [
            .string("action", "what the statement allows"), .string("statementFile", "where the statement was written"),
            .string("statement", "its text"), .array("signers", "`person`, `duty`, `signatureFile`, `commands` (to paste)"),
            .string("command", "the command to run again once signed"), .number("exitCode", "64"),
        ])

    static let remake = JSONFormat(
        "cardprep-remake", commands: ["remake"], "The spoiled cards remade.",
        keys: [.string("dropID", "the drop's id"), .array("cards", "each remade card: its serial, job, batch and position, and its remake's")])

    static let shortClosure = JSONFormat(
        "cardprep-short-closure", commands: ["close-short"], "The order lines closed short.",
        keys: [.string("dropID", "the drop's id"), .array("lines", "each line closed: `orderLine`, the quantities approved")])

    static let trace = JSONFormat(
        "cardprep-trace", commands: ["trace"], "Where cards went: drop, job, batch, floor, lot, shipment, destruction.",
        keys: [
            .string("query", "what was asked, in words (never a card number)"), .array("cards", "every card found"),
            .object("evidence", "the files the answer rests on", optional: true),
        ])

    static let shippingPlan = JSONFormat(
        "cardprep-shipping-plan", commands: ["shipping plan"], "One drop's shipping plan.",
        keys: [
            .string("dropID", "the drop's id"), .string("customer", "its customer"), .string("orderID", "its order"),
            .string("contract", "the order's contract"), .string("method", "the delivery method"), .string("priority", "the order's priority"),
            .string("dueDate", "when the cards are due (YYYY-MM-DD)"), .string("plannedOn", "the day planned"),
            .string("earliestDispatch", "the earliest day they can leave"),
            .array("shipments", "`number`, `branch`, `name`, `address`, `contact`, `carrier`, `transitDays`, `boxes`, `cards`, …"),
            .array("problems", "why the due date cannot be met (empty when it can)"),
        ])

    static let shippingPlans = JSONFormat(
        "cardprep-shipping-plans", commands: ["shipping plans"], "The shipping plans still to ship (or all).",
        keys: [.array("plans", "`drop`, `state`, `plan`")])

    static let complaint = JSONFormat(
        "cardprep-complaint", commands: ["complaint open", "complaint note", "complaint close", "complaint show"], "One complaint.",
        keys: [
            .string("id", "CMP-YYYY-NNNN"), .string("customer", "its customer"), .string("state", "`open` or `closed`"),
            .string("receivedAt", "when it came in"), .string("openedAt", "when it was recorded"), .string("openedBy", "who recorded it"),
            .string("host", "where"), .string("summary", "what it is about"), .array("links", "`kind`, `reference`"),
            .array("notes", "`at`, `text`, `actor`"), .number("ageSeconds", "how long it has been open", optional: true),
            .number("secondsToClose", "how long it took to close", optional: true),
            .object("closure", "cause, department, remedy, who closed it and when", optional: true),
        ])

    static let complaints = JSONFormat(
        "cardprep-complaints", commands: ["complaint list"], "Complaints.", keys: [.array("complaints", "as `cardprep-complaint/1` without `format`")])

    static let complaintReport = JSONFormat(
        "cardprep-complaint-report", commands: ["complaint report"], "Complaints of a month or a year, counted.",
        keys: [
            .string("period", "the month or year"), .string("from", "its first instant"), .string("until", "the instant after it"),
            .string("customer", "the customer asked for", optional: true), .string("asOf", "when the figures were taken"),
            .number("received", "complaints received"), .number("open", "still open"), .number("closed", "closed"),
            .number("medianSecondsToClose", "median time to close", optional: true), .array("causes", "closed complaints per cause: `name`, `closed`"),
            .array("departments", "closed complaints per responsible department: `name`, `closed`"), .array("customers", "the same figures per customer"),
            .array("complaints", "the complaints' ids"),
        ])
}
