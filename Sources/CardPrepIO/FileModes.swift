import Foundation
import Glibc

/// Who may read what CardPrep writes: its owner and, where the bureau sets one, its group; never others.
/// Private keys stay 0600 (written with that mode); everything else is created 0640 and folders 0750.
public enum FileModes {
    /// Makes every file and folder this process creates unreadable by others (umask 027): files 0640, folders 0750
    /// where they are created 0666/0777, narrower where they are created narrower.
    public static func restrictNewFiles() { umask(0o027) }

    /// Gives `folder` to `group` with the set-group-ID bit (mode 2750), so that everything created below it belongs
    /// to that group too, and the group can read it.
    /// - Throws: `ByteStreamError` when the group is unknown or the folder cannot be changed.
    public static func shareWithGroup(folder: String, group: String) throws {
        guard let entry = getgrnam(group) else { throw ByteStreamError.open(path: "group \(group)", errno: ENOENT) }
        try syscall(.write, path: folder) { chown(folder, uid_t.max, entry.pointee.gr_gid) }
        try syscall(.write, path: folder) { chmod(folder, 0o2750) }
    }

    /// Takes every permission of others away from `path` and everything below it (links are left alone).
    /// - Throws: `ByteStreamError` when a mode cannot be read or changed.
    public static func withholdFromOthers(_ path: String) throws {
        var info = stat()
        try syscall(.open, path: path) { lstat(path, &info) }
        guard info.st_mode & S_IFMT != S_IFLNK else { return }
        if info.st_mode & 0o007 != 0 { try syscall(.write, path: path) { chmod(path, info.st_mode & 0o7770) } }
        guard info.st_mode & S_IFMT == S_IFDIR else { return }
        for name in try FileManager.default.contentsOfDirectory(atPath: path) { try withholdFromOthers(path + "/" + name) }
    }
}
