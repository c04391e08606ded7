import Foundation

/// Reads a whole regular file into memory, refusing anything past a byte limit before parsing.
struct BoundedFileReader {
    let limit: Int

    /// - Throws: ``OrderXMLError/unreadable(file:reason:)`` or ``OrderXMLError/tooLarge(file:bytes:limit:)``.
    func read(_ path: String) throws(OrderXMLError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(file: path, reason: Self.reason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: path, reason: Self.reason(errno)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(file: path, reason: "not a regular file")
        }
        guard Int(status.st_size) <= limit else {
            throw .tooLarge(file: path, bytes: Int(status.st_size), limit: limit)
        }
        // The file may grow between fstat and read: read at most one byte past the limit.
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .unreadable(file: path, reason: Self.reason(errno)) }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else { throw .tooLarge(file: path, bytes: count, limit: limit) }
        bytes.removeSubrange(count...)
        return bytes
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
