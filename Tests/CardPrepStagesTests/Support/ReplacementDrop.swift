import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

@testable import CardPrepStages

/// A customer's replacement drop, as a bank sends one: the records an earlier drop rejected, corrected, under a new
/// order whose `replaces` names the earlier order and whose lines carry its line numbers.
struct ReplacementDrop {
    /// The earlier drop as the ledger holds it (validated: its typed order is in its work folder).
    var original: DropRecord
    /// The earlier drop's card data as the customer sent it.
    var originalPlaintext: [UInt8]
    /// The records of the earlier file to send again (their check digits corrected).
    var records: [Int]
    var orderID: String
    /// The order named in `replaces`; default the earlier drop's.
    var replaces: String?

    /// Writes the drop into the fixture's inbox as `<customer>/<name>`, sealed and signed by the customer.
    func deliver(into fixture: IngestFixture, name: String) throws {
        var order = try DropWorkFolder(path: original.workPath).order()
        let sent = String(decoding: originalPlaintext, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.first == "D" && records.contains(Int($0[1]) ?? -1) }
        var details: [String] = []
        var total = HashTotal()
        for (index, sentFields) in sent.enumerated() {
            var fields = sentFields
            fields[1] = String(index + 1)
            fields[5] = RuleExamples.luhnComplete(String(fields[5].dropLast()))
            total.add(fields[5])
            details.append(fields.joined(separator: "|"))
        }
        let counts = Dictionary(sent.map { (Int($0[2])!, 1) }, uniquingKeysWith: +)
        order.lines = order.lines.compactMap { line in
            guard let count = counts[line.number] else { return nil }
            var replaced = line
            replaced.quantity = count
            return replaced
        }
        order.replaces = replaces ?? order.id
        order.id = orderID
        let folder = fixture.root + "/inbox/" + original.customer + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try OrderXMLWriter().render(order).write(toFile: folder + "/order-\(orderID).xml", atomically: true, encoding: .utf8)
        let text = ([CardDataFile.header(customer: original.customer, drop: name, orderID: orderID, created: "2026-11-02")] + details
            + [CardDataFile.trailer(count: details.count, hashTotal: total)]).joined(separator: "\n") + "\n"
        let output = try AtomicFileWriter(path: folder + "/cards-\(orderID).csv.age", mode: 0o644)
        let sink = try AgeEncryptingSink(wrapping: output, recipients: [try AgeX25519Recipient(bech32: fixture.keys.recipient)], armored: false)
        try sink.write(Array(text.utf8))
        _ = try sink.finish()
        try output.commit()
        try fixture.reseal(folder)
    }

    /// `production.csv` for the drop's jobs with serials of their own (`prefix` instead of `CS`).
    static func production(for manifest: JobManifest, serialPrefix prefix: String) -> String {
        JobFileOutboxTests.production(for: manifest, jobs: Set(manifest.jobs.map(\.id))).replacingOccurrences(of: ",CS", with: "," + prefix)
    }

    /// Writes the production results of `manifest` where reconcile looks for them.
    static func report(_ manifest: JobManifest, in fixture: IngestFixture, serialPrefix: String = "CS") throws {
        let folder = fixture.pipeline.productionInputs + "/" + manifest.orderID
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try production(for: manifest, serialPrefix: serialPrefix).write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
    }
}
