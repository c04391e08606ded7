import Foundation
import Glibc

/// Moves folders so that a crash leaves the folder whole in one place or the other: a rename where
/// possible, and across file systems a copy to a temporary name, a flush, a rename, and only then removal
/// of the source.
public enum FolderMove {
    /// Moves `source` to `destination`, which must not exist; creates the destination's parent folders.
    /// - Throws: `FolderMoveError` when the destination exists or a step fails; the source is then intact.
    public static func move(_ source: String, to destination: String) throws(FolderMoveError) {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: destination) else { throw .destinationExists(destination) }
        let parent = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw .failed(source: source, destination: destination, reason: "\(error)")
        }
        do throws(ByteStreamError) {
            try syscall(.write, path: destination) { rename(source, destination) }
            try? FileSystemSync.syncDirectory(parent)
            try? FileSystemSync.syncDirectory(containing: source)
            return
        } catch {
            guard error.code == EXDEV else {
                throw .failed(source: source, destination: destination, reason: String(cString: strerror(error.code)))
            }
            // Another file system: copied below.
        }
        let staging = destination + ".incoming"
        do {
            try? fm.removeItem(atPath: staging)
            try fm.copyItem(atPath: source, toPath: staging)
            try flushTree(staging)
            try syscall(.write, path: destination) { rename(staging, destination) }
            try FileSystemSync.syncDirectory(parent)
            try fm.removeItem(atPath: source)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw .failed(source: source, destination: destination, reason: "\(error)")
        }
    }

    private static func flushTree(_ root: String) throws {
        let fm = FileManager.default
        for name in try fm.subpathsOfDirectory(atPath: root) {
            let path = root + "/" + name
            let fd = try syscall(.sync, path: path) { open(path, O_RDONLY | O_CLOEXEC) }
            defer { closeDescriptor(fd) }
            try syscall(.sync, path: path) { fsync(fd) }
        }
        try FileSystemSync.syncDirectory(root)
    }
}

/// Why a folder could not be moved.
public enum FolderMoveError: Error, Equatable, CustomStringConvertible {
    case destinationExists(String)
    case failed(source: String, destination: String, reason: String)

    public var description: String {
        switch self {
        case let .destinationExists(path): "cannot move a folder to \(path): something is there already"
        case let .failed(source, destination, reason): "cannot move \(source) to \(destination): \(reason)"
        }
    }
}
