import CardPrepArchive
import CardPrepCore
import CardPrepIO
import Foundation

/// A small bundle used across the tests: two folders and three files, in bundle order.
enum BundleSample {
    /// The run's clock: 2024-05-01 12:00:00 UTC.
    static let clock = Date(timeIntervalSince1970: 1_714_564_800)

    static let longName = "reports/" + String(repeating: "q", count: 120) + ".json"

    static let files: [(name: String, bytes: [UInt8])] = [
        ("MANIFEST", Array("format 1\n".utf8)),
        ("cards/batch-0001.csv.age", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        (longName, Array("{\"ok\":true}\n".utf8)),
    ]

    /// Writes the sample into memory and returns the bundle's bytes.
    static func write(clock: Date = clock) throws -> [UInt8] {
        let writer = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: clock)
        try writer.add(file: files[0].name, bytes: files[0].bytes)
        try writer.add(directory: "cards")
        try writer.add(file: files[1].name, bytes: files[1].bytes)
        try writer.add(directory: "reports")
        try writer.add(file: files[2].name, bytes: files[2].bytes)
        try writer.finish()
        return writer.sink.bytes
    }
}
