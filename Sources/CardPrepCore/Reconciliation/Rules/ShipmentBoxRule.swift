import Foundation

/// When the floor itemises its boxes (`boxes.csv`), they add up to the deliveries: each delivery has the boxes it
/// was dispatched with, each product's cards are in them, each box's serials are its cards and good cards of the
/// product, and every box of a sealed order carries a seal of its own.
public struct ShipmentBoxRule: ReconciliationRule {
    public let id = "shipment-boxes"
    public let summary = "the boxes itemised add up to each delivery: boxes, cards, serials and seals"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        guard let boxes = input.boxes else { return [] }
        var findings: [ReconciliationFinding] = []
        let shipments = input.shipments.map(\.shipment).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for shipment in shipments {
            let lines = input.shipments.filter { $0.shipment == shipment }
            let branch = lines[0].branch
            let packed = boxes.filter { $0.shipment == shipment }
            let numbers = Set(packed.map(\.box))
            if numbers.count != lines[0].boxes {
                findings.append(ReconciliationFinding(
                    .boxCount, at: .init(branch: branch, shipment: shipment), expected: lines[0].boxes, actual: numbers.count,
                    message: "shipment \(shipment) was dispatched with \(lines[0].boxes) box(es); boxes.csv lists \(numbers.count)"))
            }
            for product in lines.map(\.product).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
                let shipped = lines.filter { $0.product == product }.reduce(0) { $0 + $1.cards }
                let inBoxes = packed.filter { $0.product == product }.reduce(0) { $0 + $1.cards }
                guard shipped != inBoxes else { continue }
                findings.append(ReconciliationFinding(
                    .boxCards, at: .init(branch: branch, product: product, shipment: shipment), expected: shipped, actual: inBoxes,
                    message: "the boxes of shipment \(shipment) hold \(inBoxes) card(s) of \(product); \(shipped) were shipped"))
            }
        }
        let good = Dictionary(grouping: input.production.filter { $0.status == .good }) { input.productOfBatch[$0.batch] ?? "" }
            .mapValues { Set($0.map(\.serial)) }
        let sealed = input.order.packaging.sealing == .securitySeal || input.order.packaging.sealing == .tamperEvidentBag
        var sealOwner: [String: String] = [:]
        for box in boxes {
            let place = ReconciliationLocation(product: box.product, serialRange: box.serialText, shipment: box.shipment)
            guard shipments.contains(box.shipment) else {
                findings.append(ReconciliationFinding(
                    .boxUnknown, at: place, message: "box \(box.box) of shipment \(box.shipment), which no shipping manifest names"))
                continue
            }
            if box.serialCount != box.cards {
                findings.append(ReconciliationFinding(
                    .boxSerials, at: place, expected: box.cards, actual: box.serialCount,
                    message: "box \(box.box) of shipment \(box.shipment) holds \(box.cards) card(s) of \(box.product) and "
                        + "\(box.serialCount) serial(s)"))
            }
            let strangers = box.serials.flatMap { range in (range.first...range.last).map(range.serial) }
                .filter { !(good[box.product]?.contains($0) ?? false) }
            if !strangers.isEmpty {
                findings.append(ReconciliationFinding(
                    .boxSerials, at: place, expected: 0, actual: strangers.count,
                    message: "box \(box.box) of shipment \(box.shipment) lists \(strangers.count) serial(s) that are not good "
                        + "cards of \(box.product): \(SerialRange.ranges(of: strangers).joined(separator: ", "))"))
            }
            let key = box.shipment + "#" + String(box.box)
            if box.seal.isEmpty, sealed {
                findings.append(ReconciliationFinding(
                    .boxSeal, at: place, message: "box \(box.box) of shipment \(box.shipment) has no seal number; the order's "
                        + "packaging is \(input.order.packaging.sealing.rawValue)"))
            } else if !box.seal.isEmpty, let owner = sealOwner[box.seal], owner != key {
                findings.append(ReconciliationFinding(
                    .boxSeal, at: place, message: "seal \(box.seal) of box \(box.box) of shipment \(box.shipment) is on another "
                        + "box too (\(owner.replacingOccurrences(of: "#", with: " box ")))"))
            } else if !box.seal.isEmpty {
                sealOwner[box.seal] = key
            }
        }
        return findings
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        let box = { (shipment: String, number: Int, seal: String, product: String, cards: Int, serials: String) in
            ShipmentBox(shipment: shipment, box: number, seal: seal, product: product, cards: cards,
                        serials: serials.split(separator: ";").compactMap { SerialRange(String($0)) })
        }
        let packed = [box("S-1", 1, "TB-1001", "DEBIT", 3, "CS000001;CS000003-CS000004"),
                      box("S-2", 1, "TB-1002", "ACCESS", 2, "AC000001-AC000002")]
        return [
            .passes(clean, "the floor did not itemise its boxes"),
            .passes(clean.with { $0.boxes = packed }, "each delivery's box sealed, with its good cards"),
            .fails(clean.with { $0.boxes = packed; $0.shipments[0].boxes = 2 }, .boxCount, note: "2 boxes dispatched, 1 itemised"),
            .fails(clean.with { $0.boxes = [packed[0]] }, .boxCount, .boxCards, note: "S-2's box is not itemised"),
            .fails(clean.with { $0.boxes = [box("S-1", 1, "TB-1001", "DEBIT", 3, "CS000001-CS000003"), packed[1]] }, .boxSerials,
                   note: "the box lists the spoiled CS000002 and not CS000004"),
            .fails(clean.with { $0.boxes = [box("S-1", 1, "TB-1001", "DEBIT", 3, "CS000001;CS000003"), packed[1]] }, .boxSerials,
                   note: "3 cards, 2 serials"),
            .fails(clean.with { $0.boxes = [packed[0], box("S-2", 1, "", "ACCESS", 2, "AC000001-AC000002")] }, .boxSeal,
                   note: "a tamper-evident bag without its number"),
            .fails(clean.with { $0.boxes = [packed[0], box("S-2", 1, "TB-1001", "ACCESS", 2, "AC000001-AC000002")] }, .boxSeal,
                   note: "one seal number on two boxes"),
            .fails(clean.with { $0.boxes = packed + [box("S-9", 1, "TB-1009", "DEBIT", 1, "CS000001")] }, .boxUnknown,
                   note: "a box of a shipment no manifest names"),
        ]
    }
}
