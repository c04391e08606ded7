import CardPrepCore
import CardPrepLedger
import Foundation

/// What `cardprep trace` looks a card up by. None of them is a card number: a number typed in is hashed at once
/// (`FingerprintKey.fingerprint(of:)`) and only its fingerprint is looked up.
public enum CardTraceQuery: Sendable {
    /// A serial the floor reported (chip or card serial).
    case serial(String)
    /// A masked number (first six, last four) and the cardholder's initials (`J.D.`).
    case masked(String, initials: String)
    /// Every card of a drop.
    case drop(DropRecord)
    /// The fingerprint of a card number.
    case fingerprint(CardFingerprint)

    /// The query in words, for the report; never a card number.
    public var words: String {
        switch self {
        case let .serial(serial): "serial \(serial)"
        case let .masked(masked, initials): "masked number \(masked), initials \(initials)"
        case let .drop(drop): "drop \(drop.label)"
        case .fingerprint: "card number (fingerprint)"
        }
    }
}

/// The chain of every card a query finds, from the ledger only, so that it holds after the drop is archived.
public struct CardTraceReport: Encodable, Sendable {
    public var format = "cardprep-trace/1"
    /// The query in words (`CardTraceQuery.words`).
    public var query: String
    public var cards: [TracedCard]
    /// The signed evidence page written for the trace (`--evidence`), if one was.
    public var evidence: TraceEvidence?
}

/// One card as transform placed it, and what the floor reported about it.
public struct TracedCard: Encodable, Sendable {
    /// One physical attempt at the card: a spoiled card's remake is a second attempt at the same position.
    public struct Make: Encodable, Sendable {
        public var serial: String
        public var status: String
        /// Why it was spoiled.
        public var reason: String?
        public var station: String
        public var `operator`: String
        public var time: String
        /// The QA lot holding the serial, whether it was in the lot's sample, and the lot's decision.
        public var lot: Lot?
        /// The destruction record whose serial ranges hold the serial.
        public var destruction: Destruction?
    }

    public struct Lot: Encodable, Sendable {
        public var id: String
        public var sampled: Bool
        /// `accepted`, `not accepted`, or nil while undecided.
        public var decision: String?
    }

    public struct Destruction: Encodable, Sendable {
        public var id: String
        public var time: String
        public var place: String
        public var method: String
        public var witnesses: [String]
        public var cctv: String
    }

    public struct Shipment: Encodable, Sendable {
        public var id: String
        public var branch: String
        /// The boxes of the shipment.
        public var boxes: Int
        /// The card's box: the box of `boxes.csv` holding its serial, or the only box of a single-box shipment.
        public var box: Int?
        /// The seal number of the card's box, when the floor itemised its boxes.
        public var seal: String?
        public var carrier: String
        public var tracking: String
        public var dispatched: String
    }

    public struct Receipt: Encodable, Sendable {
        public var received: String
        public var receivedBy: String
        public var boxes: Int
    }

    public var dropID: String
    public var customer: String
    public var drop: String
    public var dropState: String
    /// The drop's bundle in the vault, once archived.
    public var bundle: String?
    /// The record in the drop's card data; nil for a serial the floor made outside the jobs (samples, test cards).
    public var record: Int?
    public var masked: String?
    public var initials: String?
    /// The order the card was made for, and its lines for the card's product and branch (from the drop's shipping plan).
    public var order: String?
    public var orderLines: [Int] = []
    public var product: String?
    public var branch: String?
    public var job: String
    /// The station's machine profile the job was issued to.
    public var machine: String?
    public var batch: String
    /// The card's position in the job (`sequence` in `production.csv`).
    public var position: Int
    /// Every attempt the floor reported at this position, in report order; empty until production reports come back.
    public var made: [Make]
    public var shipment: Shipment?
    public var receipt: Receipt?
    /// For a renewal or reissue of a card an earlier drop sent: what it is of which card (`renewal of cust-01/D1's card
    /// (PAN sequence number 00, expiry 2806)`); nil for the first card of its number, and in traces of a whole drop.
    public var repeatOf: String?
    /// The card number's fingerprint, to find the number's other cards; not shown.
    var fingerprint: CardFingerprint?

    private enum CodingKeys: String, CodingKey {
        case dropID, customer, drop, dropState, bundle, record, masked, initials, order, orderLines, product, branch, job, machine,
             batch, position, made, shipment, receipt, repeatOf
    }
}

/// Traces cards through the ledger: trace rows (transform), the floor's reports as reconcile kept them, QA lots and
/// the vault. Reads only; works the same before and after a drop is archived.
public struct CardTracer {
    let ledger: Ledger
    private var facts: [String: DropFacts] = [:]

    /// A tracer over `ledger`.
    public init(ledger: Ledger) { self.ledger = ledger }

    /// Every card `query` finds, in ledger order.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    public mutating func trace(_ query: CardTraceQuery) throws -> CardTraceReport {
        var cards: [TracedCard] = []
        switch query {
        case let .serial(serial):
            for line in try ledger.productionLines(serial: serial) {
                let rows = try ledger.cardTraces(dropID: line.dropID, job: line.result.job, sequence: line.result.sequence)
                if line.result.sequence == 0 || rows.isEmpty {
                    cards.append(try card(dropID: line.dropID, row: nil, job: line.result.job, batch: line.result.batch,
                                          position: line.result.sequence, only: line.result))
                } else {
                    for row in rows where !cards.contains(where: { $0.dropID == row.dropID && $0.job == row.job && $0.position == row.sequence }) {
                        cards.append(try card(row))
                    }
                }
            }
            try markRepeats(&cards)
        case let .masked(masked, initials):
            cards = try ledger.cardTraces(masked: masked, initials: initials).map { try card($0) }
            try markRepeats(&cards)
        case let .drop(drop):
            try preload(drop.id)
            cards = try ledger.cardTraces(dropID: drop.id).map { try card($0) }
        case let .fingerprint(fingerprint):
            cards = try ledger.cardTraces(fingerprint: fingerprint).map { try card($0) }
            try markRepeats(&cards)
        }
        return CardTraceReport(query: query.words, cards: cards)
    }

    private mutating func card(_ row: CardTraceRow) throws -> TracedCard {
        var traced = try card(dropID: row.dropID, row: row, job: row.job, batch: row.batch, position: row.sequence, only: nil)
        traced.fingerprint = row.fingerprint
        return traced
    }

    /// Says of each card that renews or reissues a card of an earlier drop which it is: one ledger read per number.
    private mutating func markRepeats(_ cards: inout [TracedCard]) throws {
        var byNumber: [CardFingerprint: [(dropID: String, issue: CardIssue?)]] = [:]
        for index in cards.indices {
            guard let fingerprint = cards[index].fingerprint else { continue }
            if byNumber[fingerprint] == nil { byNumber[fingerprint] = try ledger.cardsOfNumber(fingerprint) }
            let known = byNumber[fingerprint] ?? []
            guard let own = known.firstIndex(where: { $0.dropID == cards[index].dropID }), own > 0, let issue = known[own].issue,
                  let earlier = known[..<own].last, let earlierIssue = earlier.issue
            else { continue }
            let kind = known[..<own].contains { $0.issue?.panSequence == issue.panSequence } ? "renewal" : "reissue"
            let drop = try dropFacts(earlier.dropID).drop.map { "\($0.customer)/\($0.name)" } ?? earlier.dropID
            cards[index].repeatOf = "\(kind) (\(issue)) of \(drop)'s card (\(earlierIssue))"
        }
    }

    private mutating func card(dropID: String, row: CardTraceRow?, job: String, batch: String, position: Int,
                               only: ProductionResult?) throws -> TracedCard {
        let facts = try dropFacts(dropID)
        let lines = try only.map { [$0] } ?? facts.production?[DropFacts.key(job, position)]
            ?? ledger.productionLines(dropID: dropID, job: job, sequence: position).map(\.result)
        let shipment = facts.shipments.first { $0.batches.contains(batch) }
        let receipt = shipment.flatMap { shipment in facts.receipts.last { $0.shipment == shipment.shipment } }
        let serials = lines.filter { $0.status == .good }.map(\.serial)
        let packed = shipment.flatMap { shipment in
            facts.boxes.first { box in box.shipment == shipment.shipment && serials.contains(where: box.holds) }
        }
        return TracedCard(
            dropID: dropID, customer: facts.drop?.customer ?? "", drop: facts.drop?.name ?? "",
            dropState: facts.drop?.state.words ?? "not registered", bundle: facts.bundle, record: row?.record, masked: row?.masked,
            initials: row?.initials, order: facts.plan?.orderID, orderLines: facts.orderLines(product: row?.product, branch: row?.branch),
            product: row?.product, branch: row?.branch, job: job, machine: facts.machines[job], batch: batch,
            position: position, made: lines.map { facts.make($0) },
            shipment: shipment.map {
                TracedCard.Shipment(id: $0.shipment, branch: $0.branch, boxes: $0.boxes, box: packed?.box ?? ($0.boxes == 1 ? 1 : nil),
                                    seal: packed.map(\.seal).flatMap { $0.isEmpty ? nil : $0 }, carrier: $0.carrier.rawValue, tracking: $0.tracking, dispatched: Timestamp.iso8601($0.dispatched))
            },
            receipt: receipt.map {
                TracedCard.Receipt(received: Timestamp.iso8601($0.received), receivedBy: $0.receivedBy, boxes: $0.boxes)
            })
    }

    private mutating func preload(_ dropID: String) throws {
        var facts = try dropFacts(dropID)
        var production: [String: [ProductionResult]] = [:]
        for line in try ledger.productionLines(dropID: dropID) {
            production[DropFacts.key(line.result.job, line.result.sequence), default: []].append(line.result)
        }
        facts.production = production
        self.facts[dropID] = facts
    }

    private mutating func dropFacts(_ dropID: String) throws -> DropFacts {
        if let known = facts[dropID] { return known }
        let found = try DropFacts(dropID: dropID, ledger: ledger)
        facts[dropID] = found
        return found
    }
}

/// What the ledger says about one drop that every card of it shares.
private struct DropFacts {
    var drop: DropRecord?
    var bundle: String?
    var machines: [String: String] = [:]
    var shipments: [ShipmentLine] = []
    /// The drop's shipping plan, which names the order and the order lines of each product and branch.
    var plan: ShippingPlan?
    var boxes: [ShipmentBox] = []
    var receipts: [ReceiptConfirmation] = []
    var destructions: [DestructionRecord] = []
    /// serial → lot id.
    var lotOfSerial: [String: String] = [:]
    var sampled: [String: Set<String>] = [:]
    var decisions: [String: String] = [:]
    /// job and position → production lines, when every line of the drop was read at once.
    var production: [String: [ProductionResult]]?

    static func key(_ job: String, _ sequence: Int) -> String { job + "#" + String(sequence) }

    init(dropID: String, ledger: Ledger) throws {
        drop = try ledger.drop(id: dropID)
        bundle = try ledger.bundle(dropID: dropID)?.path
        plan = try ledger.shippingPlan(dropID: dropID)
        for file in try ledger.jobFiles() where file.dropID == dropID { machines[file.jobID] = file.machine }
        if let kept = try ledger.floorReports(dropID: dropID) {
            for file in kept.files {
                switch file.name {
                case "shipping.csv": shipments = ParsedInput<ShipmentLine>.parse(file.text, file: file.name).values
                case "boxes.csv": boxes = ParsedInput<ShipmentBox>.parse(file.text, file: file.name).values
                case "receipts.csv": receipts = ParsedInput<ReceiptConfirmation>.parse(file.text, file: file.name).values
                case "destruction.csv": destructions = ParsedInput<DestructionRecord>.parse(file.text, file: file.name).values
                default: break
                }
            }
        }
        for lot in try ledger.lots(dropID: dropID) {
            for serial in lot.serials { lotOfSerial[serial] = lot.id }
            if let sample = try ledger.sample(lotID: lot.id) { sampled[lot.id] = Set(sample.serials) }
            if let decision = try ledger.decision(lotID: lot.id) { decisions[lot.id] = decision.accepted ? "accepted" : "not accepted" }
        }
    }

    /// The order lines of `product` for `branch`, as the shipping plan packs them.
    func orderLines(product: String?, branch: String?) -> [Int] {
        guard let product, let branch, let plan else { return [] }
        let boxes = plan.shipments.filter { $0.branch == branch }.flatMap(\.boxes).filter { $0.product == product }
        return Array(Set(boxes.flatMap(\.orderLines))).sorted()
    }

    func make(_ line: ProductionResult) -> TracedCard.Make {
        let destruction = destructions.first { $0.covers(line.serial) }
        return TracedCard.Make(
            serial: line.serial, status: line.status.rawValue, reason: line.reason.isEmpty ? nil : line.reason, station: line.station,
            operator: line.operator, time: Timestamp.iso8601(line.time),
            lot: lotOfSerial[line.serial].map {
                TracedCard.Lot(id: $0, sampled: sampled[$0]?.contains(line.serial) ?? false, decision: decisions[$0])
            },
            destruction: destruction.map {
                TracedCard.Destruction(id: $0.id, time: Timestamp.iso8601($0.time), place: $0.place, method: $0.method.rawValue,
                                       witnesses: $0.witnesses.map { "\($0.name) (\($0.department))" }, cctv: $0.cctv)
            })
    }
}
