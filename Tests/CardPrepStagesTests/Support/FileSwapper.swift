import Foundation
import Glibc

/// Keeps replacing a file with one of several versions, as fast as it can, on a thread of its own: each version is
/// hard-linked to a scratch name and renamed over the target, so every reader sees one whole version. Renames into
/// a folder that has been moved away simply fail, as they would for a sender.
final class FileSwapper: @unchecked Sendable {
    private let target: String
    private let versions: [String]
    private let scratch: String
    private let lock = NSLock()
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    /// How many renames landed, for the test's message.
    private(set) var swaps = 0

    /// Prepares the versions in `scratch` (a folder on the target's file system, outside the inbox).
    init(target: String, versions: [[UInt8]], scratch: String) throws {
        self.target = target
        self.scratch = scratch
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        self.versions = try versions.enumerated().map { index, bytes in
            let path = scratch + "/version-\(index)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    /// Runs `body` while swapping, and stops swapping however `body` ends.
    func during<T>(_ body: () throws -> T) rethrows -> T {
        start()
        defer { stop() }
        return try body()
    }

    /// Starts swapping.
    func start() {
        let thread = Thread { [self] in
            var index = 0
            let link = scratch + "/next"
            while !isStopping {
                unlink(link)
                if Glibc.link(versions[index % versions.count], link) == 0, rename(link, target) == 0 { swaps += 1 }
                index += 1
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops swapping and waits for the thread to end.
    func stop() {
        lock.lock(); stopping = true; lock.unlock()
        finished.wait()
    }

    private var isStopping: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopping
    }
}

/// Looks for what a forged file would leave behind.
enum SwapEvidence {
    /// Every regular file below `folder`, relative, sorted; empty when the folder does not exist.
    static func regularFiles(under folder: String) throws -> [String] {
        var found: [String] = []
        for path in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// The files below `folder` whose bytes contain `text`.
    static func files(under folder: String, containing text: String) throws -> [String] {
        try regularFiles(under: folder).filter { path in
            guard let data = FileManager.default.contents(atPath: folder + "/" + path) else { return false }
            return data.range(of: Data(text.utf8)) != nil
        }
    }
}
