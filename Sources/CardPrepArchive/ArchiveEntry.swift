import Foundation

/// The kind of an archive entry, as its header declares it.
public enum ArchiveEntryKind: Equatable, Sendable {
    /// A regular file.
    case regularFile
    /// A folder.
    case directory
    /// A symbolic link to `target`.
    case symbolicLink(target: String)
    /// A hard link to the entry named `target`.
    case hardLink(target: String)
    /// A character device node.
    case characterDevice
    /// A block device node.
    case blockDevice
    /// A named pipe.
    case fifo
    /// A socket.
    case socket
    /// A type bit pattern libarchive does not name.
    case unknown(mode: UInt32)
}

/// One entry's header, copied out of libarchive so it outlives the next read.
public struct ArchiveEntry: Equatable, Sendable {
    /// The name as stored, or nil when it is not valid UTF-8.
    public let storedName: String?
    /// What the entry is.
    public let kind: ArchiveEntryKind
    /// The declared size of the entry's data in bytes.
    public let size: Int64
    /// The permission bits (for example 0o644).
    public let permissions: UInt32
    /// The modification time, whole seconds.
    public let modificationTime: Date

    /// The stored name, or a placeholder for messages when it is not valid UTF-8.
    public var name: String { storedName ?? "<name not valid UTF-8>" }

    /// Creates an entry description.
    public init(storedName: String?, kind: ArchiveEntryKind, size: Int64, permissions: UInt32, modificationTime: Date) {
        self.storedName = storedName
        self.kind = kind
        self.size = size
        self.permissions = permissions
        self.modificationTime = modificationTime
    }

    /// Why `SafeArchiveReader.extract(to:)` would refuse this entry, or nil if it would extract it.
    public var extractionRefusal: ExtractionRefusal? {
        do {
            _ = try extractionPath()
            return nil
        } catch {
            return error
        }
    }

    /// The normalised path segments under the extraction target.
    /// - Throws: the refusal for a link, a device, a FIFO, a socket, an unknown type, or a name
    ///   that is empty, not UTF-8, absolute or holds a '..' segment.
    func extractionPath() throws(ExtractionRefusal) -> [String] {
        switch kind {
        case .regularFile, .directory: break
        case let .symbolicLink(target): throw .symbolicLink(target: target)
        case let .hardLink(target): throw .hardLink(target: target)
        case .characterDevice: throw .characterDevice
        case .blockDevice: throw .blockDevice
        case .fifo: throw .fifo
        case .socket: throw .socket
        case let .unknown(mode): throw .unknownType(mode: mode)
        }
        guard let storedName else { throw .unreadableName }
        let segments = try EntryName.segments(ofStored: storedName)
        if segments.isEmpty && kind != .directory { throw .emptyName }
        return segments
    }
}

/// Limits the safe reader enforces, so a hostile archive cannot fill the disk or run forever.
public struct ReadLimits: Equatable, Sendable {
    /// The most entries an archive may hold.
    public var maximumEntries: Int
    /// The most bytes of data one entry may hold.
    public var maximumEntrySize: Int64
    /// The most bytes of data all entries together may hold.
    public var maximumTotalSize: Int64

    /// Creates limits.
    public init(maximumEntries: Int, maximumEntrySize: Int64, maximumTotalSize: Int64) {
        self.maximumEntries = maximumEntries
        self.maximumEntrySize = maximumEntrySize
        self.maximumTotalSize = maximumTotalSize
    }

    /// Generous limits for vault bundles: 100 000 entries, 16 GiB per entry, 64 GiB in all.
    public static let bundle = ReadLimits(
        maximumEntries: 100_000, maximumEntrySize: 16 << 30, maximumTotalSize: 64 << 30)
}
