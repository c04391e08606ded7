/// `cardprep trace` as people read it: each card's chain, one link a line, only the links that apply.
extension CardTraceReport {
    /// The report as text.
    public var text: String {
        guard !cards.isEmpty else { return "no card found for \(query)\n" }
        var out = "\(cards.count) card(s) found for \(query)\n"
        for card in cards {
            out += "\n" + card.text
        }
        return out
    }
}

extension TracedCard {
    /// The card's chain as text.
    var text: String {
        let lines = links
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 + "\n" }.joined()
    }

    /// The card's chain, one link (label, value) at a time, only the links that apply; indented labels belong to the
    /// serial above them.
    public var links: [(String, String)] {
        var lines: [(String, String)] = []
        lines.append(("drop", "\(customer)/\(drop) (\(dropID.prefix(12))), \(dropState)"))
        if let bundle { lines.append(("bundle", bundle)) }
        if let record { lines.append(("record", String(record))) }
        if let masked { lines.append(("card", masked + (initials.map { "  " + $0 } ?? ""))) }
        if let repeatOf { lines.append(("repeats", repeatOf)) }
        if let order { lines.append(("order", order + (orderLines.isEmpty ? "" : ", line " + orderLines.map(String.init).joined(separator: ", ")))) }
        if let product { lines.append(("product", product + (branch.map { ", branch " + $0 } ?? ""))) }
        lines.append(("job", job + (machine.map { " (\($0))" } ?? "")))
        lines.append(("batch", batch))
        lines.append(("position", String(position)))
        if made.isEmpty { lines.append(("made", "no production reported yet")) }
        for make in made {
            lines.append(("serial", make.serial + "  " + make.status + (make.reason.map { " (\($0))" } ?? "")))
            lines.append(("  station", make.station + ", operator " + make.operator + ", " + make.time))
            if let lot = make.lot {
                lines.append(("  QA lot", lot.id + (lot.sampled ? ", sampled" : ", not sampled") + (lot.decision.map { ", " + $0 } ?? "")))
            }
            if let destruction = make.destruction {
                lines.append(("  destroyed", "\(destruction.id), \(destruction.time), \(destruction.method) at \(destruction.place)"))
                lines.append(("  witnesses", destruction.witnesses.joined(separator: ", ") + (destruction.cctv.isEmpty ? "" : "; CCTV " + destruction.cctv)))
            } else if make.status == "spoiled" {
                lines.append(("  destroyed", "no destruction record yet"))
            }
        }
        if let shipment {
            let box = (shipment.box.map { "box \($0) of \(shipment.boxes)" } ?? "one of \(shipment.boxes) boxes")
                + (shipment.seal.map { " (seal \($0))" } ?? "")
            lines.append(("shipment", "\(shipment.id) to \(shipment.branch), \(box), \(shipment.carrier) \(shipment.tracking), dispatched \(shipment.dispatched)"))
        }
        if let receipt { lines.append(("receipt", "\(receipt.received) by \(receipt.receivedBy), \(receipt.boxes) box(es)")) }
        return lines
    }
}
