import CardPrepArchive
import CardPrepCore
import CardPrepIO
import Foundation
import Testing

/// The committed hostile archives (Fixtures/archives, written by make-hostile-archives.py).
@Suite struct HostileArchiveTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let refusedEntry: String
        let reason: ExtractionRefusal
        /// Paths outside the scratch folder that must not exist afterwards.
        let mustNotExist: [String]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "parent-segment.tar", refusedEntry: "../evil", reason: .parentSegment, mustNotExist: []),
        Case(file: "nested-parent.tar", refusedEntry: "a/../../evil", reason: .parentSegment, mustNotExist: []),
        Case(file: "absolute-path.tar", refusedEntry: "/abs/evil", reason: .absolutePath, mustNotExist: ["/abs/evil"]),
        Case(
            file: "symlink-escape.tar", refusedEntry: "link", reason: .symbolicLink(target: "/tmp"),
            mustNotExist: ["/tmp/cardprep-fixture-symlink-evil"]),
        Case(
            file: "symlink-escape.tar.zst", refusedEntry: "link", reason: .symbolicLink(target: "/tmp"),
            mustNotExist: ["/tmp/cardprep-fixture-symlink-evil"]),
        Case(file: "symlink-parent.tar", refusedEntry: "link", reason: .symbolicLink(target: ".."), mustNotExist: []),
        Case(file: "hardlink.tar", refusedEntry: "passwd", reason: .hardLink(target: "/etc/passwd"), mustNotExist: []),
        Case(file: "char-device.tar", refusedEntry: "null", reason: .characterDevice, mustNotExist: []),
        Case(file: "fifo.tar", refusedEntry: "pipe", reason: .fifo, mustNotExist: []),
    ]

    @Test(arguments: cases)
    func extractionRefusesTheEntryAndWritesNothingOutside(_ hostile: Case) throws {
        // The scratch folder stands for "outside": the target is a folder inside it.
        let outside = try ScratchFolder()
        let reader = try SafeArchiveReader(source: FileByteSource(path: Fixtures.archives + "/" + hostile.file))
        #expect {
            try reader.extract(to: outside.path + "/target")
        } throws: { error in
            guard case let ArchiveError.refusedEntry(name, reason) = error else { return false }
            return name == hostile.refusedEntry && reason == hostile.reason
        }
        #expect(outside.contents().isEmpty, "left behind: \(outside.contents())")
        for path in hostile.mustNotExist { #expect(!FileManager.default.fileExists(atPath: path)) }
    }

    @Test(arguments: cases)
    func listingShowsTheEntryAndWhyItWouldBeRefused(_ hostile: Case) throws {
        let entries = try SafeArchiveReader(source: FileByteSource(path: Fixtures.archives + "/" + hostile.file)).list()
        let entry = try #require(entries.first { $0.name == hostile.refusedEntry })
        #expect(entry.extractionRefusal == hostile.reason)
    }

    @Test func duplicateEntryNeverOverwrites() throws {
        let outside = try ScratchFolder()
        let reader = try SafeArchiveReader(source: FileByteSource(path: Fixtures.archives + "/duplicate-entry.tar"))
        #expect {
            try reader.extract(to: outside.path + "/target")
        } throws: { error in
            guard case let ArchiveError.extraction(name, _, code) = error else { return false }
            return name == "same.txt" && code == EEXIST
        }
        #expect(outside.contents().isEmpty)
    }

    @Test func existingTargetIsNotReused() throws {
        let outside = try ScratchFolder()
        #expect {
            try SafeArchiveReader(source: MemoryByteSource(BundleSample.write())).extract(to: outside.path)
        } throws: { error in
            guard case let ArchiveError.extraction(_, operation, code) = error else { return false }
            return operation == "mkdir" && code == EEXIST
        }
    }
}
