import Foundation
import Testing

@testable import CardPrepIO

@Suite struct ScratchFileTests {
    @Test func spilledValuesComeBackAndTheFolderStaysEmpty() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let values = (0..<10_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        do {
            let scratch = try ScratchFile(in: folder)
            try scratch.append(values)
            try scratch.append([UInt64(7)])
            #expect(scratch.size == (values.count + 1) * 8)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "the scratch file has no name")
            #expect(try scratch.read(UInt64.self, count: values.count, at: 0) == values)
            #expect(try scratch.read(UInt64.self, count: 1, at: values.count * 8) == [7])
            #expect(throws: ByteStreamError.self) { try scratch.read(UInt64.self, count: 2, at: values.count * 8) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func aMissingFolderIsAnOpenError() {
        #expect(throws: ByteStreamError.self) { try ScratchFile(in: "/nonexistent/\(UUID().uuidString)") }
    }
}
