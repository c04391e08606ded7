import CardPrepArchive
import CardPrepCore
import CardPrepIO
import Foundation
import Testing

@Suite struct TarZstdWriterTests {
    @Test func bsdtarListsEntriesWithFixedOwnerModeAndTime() throws {
        let scratch = try ScratchFolder()
        let bundle = scratch.path + "/bundle.tar.zst"
        try Data(BundleSample.write()).write(to: URL(fileURLWithPath: bundle))

        let listing = try ExternalTool.run("bsdtar", ["-tvf", bundle, "--numeric-owner"])
        #expect(listing.status == 0, "\(listing.standardError)")
        let lines = listing.text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines.map { String($0.last!) } == [
            "MANIFEST", "cards/", "cards/batch-0001.csv.age", "reports/", BundleSample.longName,
        ])
        #expect(lines.map { String($0[0]) } == ["-rw-r--r--", "drwxr-xr-x", "-rw-r--r--", "drwxr-xr-x", "-rw-r--r--"])
        #expect(lines.allSatisfy { $0[2] == "0" && $0[3] == "0" })

        // GNU tar after zstd -d: names, owner names and the run's clock to the second.
        let tar = try ExternalTool.run("zstd", ["-dcq", bundle])
        #expect(tar.status == 0, "\(tar.standardError)")
        let gnu = try ExternalTool.run("env", ["TZ=UTC", "tar", "-tvf", "-", "--full-time"], input: tar.standardOutput)
        #expect(gnu.status == 0, "\(gnu.standardError)")
        let gnuLines = gnu.text.split(separator: "\n")
        #expect(gnuLines.count == 5)
        #expect(gnuLines.allSatisfy { $0.contains("cardprep/cardprep") && $0.contains("2024-05-01 12:00:00") })
    }

    @Test func onlyPathHeadersAppearInPaxRecords() throws {
        let tar = try ExternalTool.run("zstd", ["-dcq"], input: Data(BundleSample.write()))
        let text = String(decoding: tar.standardOutput, as: UTF8.self)
        for key in ["atime", "ctime", "mtime=", "LIBARCHIVE", "SCHILY", "PaxHeader."] {
            #expect(!text.contains(key), "pax records must not hold \(key)")
        }
        #expect(text.contains("path=\(BundleSample.longName)"))
    }

    @Test func twoWritesSecondsApartAreByteIdentical() throws {
        let first = try BundleSample.write()
        Thread.sleep(forTimeInterval: 1.1)
        let second = try BundleSample.write()
        #expect(first == second)
        #expect(try BundleSample.write(clock: BundleSample.clock.addingTimeInterval(1)) != first)
    }

    @Test(arguments: ["", "/abs", "a//b", "a/", "./a", "a/./b", "..", "a/../b", "tab\there", "caf\u{E9}", "back\\slash"])
    func refusesInvalidNames(_ name: String) throws {
        let writer = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: BundleSample.clock)
        #expect {
            try writer.add(file: name, bytes: [1])
        } throws: { error in
            guard case let ArchiveError.invalidEntryName(refused, _) = error else { return false }
            return refused == name
        }
    }

    @Test func refusesOutOfOrderAndDuplicateNames() throws {
        let writer = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: BundleSample.clock)
        try writer.add(file: "b", bytes: [1])
        #expect(throws: ArchiveError.self) { try writer.add(file: "a", bytes: [1]) }
        let again = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: BundleSample.clock)
        try again.add(file: "b", bytes: [1])
        #expect(throws: ArchiveError.self) { try again.add(file: "b", bytes: [1]) }
        #expect(EntryName.bundleOrder(["b", "a/c", "a", "a-b"]) == ["a", "a-b", "a/c", "b"])
    }

    @Test(arguments: [Int64(3), 5])
    func refusesContentsOfTheWrongSize(_ declared: Int64) throws {
        let writer = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: BundleSample.clock)
        #expect {
            try writer.add(file: "short", size: declared, contents: MemoryByteSource([1, 2, 3, 4]))
        } throws: { error in
            guard case let ArchiveError.sizeMismatch(name, size, _) = error else { return false }
            return name == "short" && size == declared
        }
        // The bundle is no longer whole: the writer refuses to go on.
        #expect(throws: ArchiveError.self) { try writer.finish() }
    }

    @Test func sinkFailureBecomesATypedStreamError() throws {
        struct FullDisk: ByteSink {
            mutating func write(_ bytes: [UInt8]) throws { throw ByteStreamError.write(path: "vault", errno: ENOSPC) }
        }
        let writer = try TarZstdWriter(sink: FullDisk(), modificationTime: BundleSample.clock)
        #expect {
            try writer.add(file: "big", bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
            try writer.finish()
        } throws: { error in
            guard case let ArchiveError.stream(_, underlying) = error else { return false }
            return underlying as? ByteStreamError == .write(path: "vault", errno: ENOSPC)
        }
    }

    @Test func unfinishedWriterLeavesNoCompleteLookingBundle() throws {
        let storage = SharedSink()
        do {
            let writer = try TarZstdWriter(sink: storage, modificationTime: BundleSample.clock)
            try writer.add(file: "a", bytes: [1, 2, 3])
        }
        #expect(throws: ArchiveError.self) {
            _ = try SafeArchiveReader(source: MemoryByteSource(storage.bytes)).list()
        }
    }
}

/// A sink with reference semantics, so a test can look at it after the writer is gone.
final class SharedSink: ByteSink {
    private(set) var bytes: [UInt8] = []
    func write(_ bytes: [UInt8]) throws { self.bytes.append(contentsOf: bytes) }
}
