import Foundation

/// The line of each key of a pipeline definition (`output`, `keys.identity`, `vault.folder`…), so that a problem
/// found after the file was read (a folder missing, a key too open) can still be named where it is set.
struct PipelineLines {
    private var lines: [String: Int] = [:]

    /// Reads the lines of `file`; a file that cannot be read gives no lines.
    init(file: String) {
        guard let data = FileManager.default.contents(atPath: file),
              var root = try? ConfigurationMapping.parse(text: String(decoding: data, as: UTF8.self), file: file)
        else { return }
        for key in root.keys { lines[key] = root.line(of: key) }
        for block in ["keys", "vault", "pkcs11", "inbox_rules"] {
            guard let mapping = try? root.optionalMapping(block) else { continue }
            for key in mapping.keys { lines[block + "." + key] = mapping.line(of: key) }
        }
    }

    /// The line `key` is set on (`block.key` for nested keys), nil when it is not in the file.
    func line(_ key: String) -> Int? { lines[key] }
}
