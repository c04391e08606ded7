import CardPrepArchive
import CardPrepCore
import CardPrepIO
import Foundation
import Testing

@Suite struct SafeArchiveReaderTests {
    @Test func listsWhatTheWriterWrote() throws {
        let entries = try SafeArchiveReader(source: MemoryByteSource(BundleSample.write())).list()
        #expect(entries.map(\.name) == ["MANIFEST", "cards/", "cards/batch-0001.csv.age", "reports/", BundleSample.longName])
        #expect(entries.map(\.kind) == [.regularFile, .directory, .regularFile, .directory, .regularFile])
        #expect(entries.map(\.permissions) == [0o644, 0o755, 0o644, 0o755, 0o644])
        #expect(entries.allSatisfy { $0.modificationTime == BundleSample.clock && $0.extractionRefusal == nil })
        #expect(entries[2].size == 70_000)
    }

    @Test func streamsEachEntryIntoASink() throws {
        let reader = try SafeArchiveReader(source: MemoryByteSource(BundleSample.write()))
        var contents: [String: [UInt8]] = [:]
        while let entry = try reader.nextEntry() {
            var sink = MemoryByteSink()
            let count = try reader.readData(into: &sink)
            #expect(count == entry.size)
            contents[entry.name] = sink.bytes
        }
        for file in BundleSample.files { #expect(contents[file.name] == file.bytes) }
    }

    @Test func extractionRoundTripsContentsAndDigests() throws {
        let scratch = try ScratchFolder()
        let target = scratch.path + "/opened"
        let extracted = try SafeArchiveReader(source: MemoryByteSource(BundleSample.write())).extract(to: target)
        #expect(extracted.count == 5)
        for file in BundleSample.files {
            let path = target + "/" + file.name
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(try sha256Hex(bytes) == sha256Hex(file.bytes))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func readsArchivesMadeByBsdtar() throws {
        let scratch = try ScratchFolder()
        try FileManager.default.createDirectory(atPath: scratch.path + "/in/sub", withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: scratch.path + "/in/sub/hello.txt"))
        let made = try ExternalTool.run("bsdtar", ["--zstd", "-cf", scratch.path + "/b.tar.zst", "-C", scratch.path + "/in", "."])
        #expect(made.status == 0, "\(made.standardError)")
        let reader = try SafeArchiveReader(source: FileByteSource(path: scratch.path + "/b.tar.zst"))
        try reader.extract(to: scratch.path + "/out")
        #expect(try String(contentsOfFile: scratch.path + "/out/sub/hello.txt", encoding: .utf8) == "hello\n")
    }

    @Test func fiveMebibyteEntryStreamsThroughFiles() throws {
        let scratch = try ScratchFolder()
        let size = 5 * 1024 * 1024
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        try Data(payload).write(to: URL(fileURLWithPath: scratch.path + "/payload"))

        let sink = try FileByteSink(creating: scratch.path + "/big.tar.zst")
        let writer = try TarZstdWriter(sink: sink, modificationTime: BundleSample.clock)
        try writer.add(file: "big.bin", size: Int64(size), contents: FileByteSource(path: scratch.path + "/payload"))
        try writer.finish()
        try sink.finish()

        let reader = try SafeArchiveReader(source: FileByteSource(path: scratch.path + "/big.tar.zst"))
        try reader.extract(to: scratch.path + "/out")
        let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.path + "/out/big.bin")))
        #expect(back.count == size)
        #expect(try sha256Hex(back) == sha256Hex(payload))
    }

    @Test(arguments: [0.5, 0.9])
    func truncatedBundleGivesATypedError(_ fraction: Double) throws {
        let whole = try BundleSample.write()
        let cut = Array(whole.prefix(Int(Double(whole.count) * fraction)))
        let scratch = try ScratchFolder()
        #expect {
            try SafeArchiveReader(source: MemoryByteSource(cut)).extract(to: scratch.path + "/out")
        } throws: { error in
            guard case ArchiveError.library(_, let status, _, _) = error else { return false }
            return status == .fatal || status == .failed
        }
        #expect(scratch.contents().isEmpty)
    }

    @Test func notAnArchiveGivesATypedError() {
        #expect(throws: ArchiveError.self) {
            _ = try SafeArchiveReader(source: MemoryByteSource(Array("not a tar archive at all".utf8))).list()
        }
    }

    @Test func limitsStopOversizedArchives() throws {
        let limits = ReadLimits(maximumEntries: 10, maximumEntrySize: 1000, maximumTotalSize: 1 << 20)
        #expect {
            _ = try SafeArchiveReader(source: MemoryByteSource(BundleSample.write()), limits: limits).list()
        } throws: { error in
            guard case let ArchiveError.limitExceeded(name, _) = error else { return false }
            return name == "cards/batch-0001.csv.age"
        }
    }
}
