import Crypto
import Synchronization

/// File keys a plugin identity unwrapped ahead of use (`AgePluginIdentity.prefetch(headers:)`), kept in this
/// process's memory only, so that one session of the plugin (one token login) serves every file of a run.
/// Entries are keyed by a digest of the identities and the header's stanzas, stay for the life of the process (a
/// run's stages open the same data key file one after the other) and never go to disk.
enum AgePluginFileKeyMemory {
    private static let fileKeys = Mutex<[[UInt8]: [UInt8]]>([:])

    /// The key under which a header's file key is remembered for `identities`.
    static func key(identities: [AgePluginKey], stanzas: [AgeStanza]) -> [UInt8] {
        var hash = SHA256()
        for identity in identities { hash.update(data: Array((identity.text + "\n").utf8)) }
        for stanza in stanzas { hash.update(data: Array(stanza.encoded.utf8)) }
        return Array(hash.finalize())
    }

    static func remember(_ fileKey: [UInt8], under key: [UInt8]) { fileKeys.withLock { $0[key] = fileKey } }

    /// The file key remembered under `key`.
    static func recall(_ key: [UInt8]) -> [UInt8]? { fileKeys.withLock { $0[key] } }
}
