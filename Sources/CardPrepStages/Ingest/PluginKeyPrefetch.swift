import CardPrepCrypto
import CardPrepIO
import Foundation

/// With the bureau key in a token (a plugin identity such as `AGE-PLUGIN-CARDPREP-1…`), unwraps ahead, in one
/// session of the plugin, the file keys of the age files the stages are about to open: the run logs in to the
/// token once for the inbox's card data files and once for the drops' wrapped data keys, not once per file.
/// Without a plugin identity it does nothing.
enum PluginKeyPrefetch {
    /// Unwraps the file keys of the age files at `paths` for the plugin identities among `identities`, into
    /// this process's memory. A failure is left to the per-file unwrap, which reports it with the file.
    static func prefetch(_ paths: [String], identities: [any AgeIdentity]) {
        let plugins = identities.compactMap { $0 as? AgePluginIdentity }
        guard !plugins.isEmpty, !paths.isEmpty else { return }
        let headers = paths.compactMap { path in try? Age.headerStanzas(of: try FileByteSource(path: path)) }
        for plugin in plugins { _ = try? plugin.prefetch(headers: headers) }
    }

    /// The `.age` files directly inside each drop folder.
    static func ageFiles(in drops: [InboxDrop]) -> [String] {
        drops.flatMap { drop in
            ((try? FileManager.default.contentsOfDirectory(atPath: drop.path)) ?? []).filter { $0.hasSuffix(".age") }.sorted()
                .map { drop.path + "/" + $0 }
        }
    }

    /// Every wrapped data key of the pipeline, for the stages after ingest.
    static func prefetchDataKeys(_ pipeline: PipelineDefinition) {
        guard let wrapping = try? DataKeyWrapping(identityFile: pipeline.identityFile),
            wrapping.identities.contains(where: { $0 is AgePluginIdentity })
        else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pipeline.dataKeyFolder)) ?? []
        let paths = names.filter { $0.hasSuffix(DataKeyStore.wrappedSuffix) }.sorted().map { pipeline.dataKeyFolder + "/" + $0 }
        prefetch(paths, identities: wrapping.identities)
    }
}
