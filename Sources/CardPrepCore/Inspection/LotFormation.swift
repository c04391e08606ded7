import Foundation

/// Forms the lots of a transformed drop from its job manifest and, when production has reported, its results.
public enum LotFormation {
    /// The lots of a drop.
    ///
    /// With `basis == .batch` each batch is a lot. With `.delivery` the cards of one product in the drop form
    /// one lot, `<drop id, 12 hex>-D-<product>`. The ordered quantity of a batch lot is the cards the batch was
    /// made for; of a delivery lot, the order lines' quantities of its product. A batch's cards are its good cards when production results
    /// cover it, else every card of the batch with serials `<batch id>-<sequence>`.
    /// - Parameters:
    ///   - manifest: the drop's job manifest.
    ///   - basis: what a lot is, from the order's acceptance terms.
    ///   - production: production results, if reported.
    /// - Returns: the lots in job and batch order; lots without cards are left out.
    public static func lots(from manifest: JobManifest, basis: LotBasis, production: ProductionResults? = nil) -> [Lot] {
        var lots: [Lot] = []
        for job in manifest.jobs {
            for batch in job.batches {
                let serials = serials(of: batch, production: production)
                guard !serials.isEmpty else { continue }
                lots.append(Lot(
                    id: batch.id, basis: .batch, dropID: manifest.dropID, customer: manifest.customer, product: job.product,
                    orderID: manifest.orderID, contract: manifest.contract, orderedQuantity: batch.cards, serials: serials))
            }
        }
        guard basis == .delivery else { return lots }
        var products: [String] = []
        for lot in lots where !products.contains(lot.product) { products.append(lot.product) }
        return products.map { product in
            let members = lots.filter { $0.product == product }
            let ordered = manifest.lines.filter { $0.product == product }.reduce(0) { $0 + $1.ordered }
            return Lot(
                id: "\(manifest.dropID.prefix(12))-D-\(product)", basis: .delivery, dropID: manifest.dropID,
                customer: manifest.customer, product: product, orderID: manifest.orderID, contract: manifest.contract,
                orderedQuantity: ordered, serials: members.flatMap(\.serials))
        }
    }

    private static func serials(of batch: JobManifest.Batch, production: ProductionResults?) -> [String] {
        if let production, production.covers(batch: batch.id) {
            return production.goodCards(ofBatch: batch.id).map(\.serial)
        }
        return (0..<batch.cards).map { Lot.defaultSerial(batch: batch.id, sequence: batch.firstSequence + $0) }
    }
}
