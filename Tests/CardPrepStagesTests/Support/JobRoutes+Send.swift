import CardPrepCore

@testable import CardPrepStages

extension JobRoutes {
    /// Hands `record` to every job file it belongs in, one record at a time: what ``JobFilling`` does for a
    /// batch, without the card data file around it.
    func send(_ record: CardDataRecord, dropID: String) throws {
        for target in targets(of: record) {
            guard let place = target.writer.reserve(segment: target.segment) else { continue }
            let line: [UInt8]
            do { line = try target.writer.line(for: record, segment: target.segment, place: place) } catch {
                throw TransformError.record(dropID: dropID, recordNumber: record.recordNumber, reason: "\(error)")
            }
            try target.writer.put(line, segment: target.segment)
        }
    }
}
