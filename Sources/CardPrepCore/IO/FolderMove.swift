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
        if rename(source, destination) == 0 {
            try? FileSystemSync.syncDirectory(parent)
            try? FileSystemSync.syncDirectory(containing: source)
            return
        }
        guard errno == EXDEV else {
            throw .failed(source: source, destination: destination, reason: String(cString: strerror(errno)))
        }
        let staging = destination + ".incoming"
        do {
            try? fm.removeItem(atPath: staging)
            try fm.copyItem(atPath: source, toPath: staging)
            try flushTree(staging)
            guard rename(staging, destination) == 0 else { throw ByteStreamError.write(path: destination, errno: errno) }
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
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ByteStreamError.sync(path: path, errno: errno) }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw ByteStreamError.sync(path: path, errno: errno) }
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
