import Foundation
import Testing

/// After a run, nothing under the output folder holds a usable private or data key in clear.
@Suite struct ClearKeyScanTests {
    /// Markers of private key material in clear: age identities, OpenSSH and PEM private keys.
    static let markers = ["AGE-SECRET-KEY-", "BEGIN OPENSSH PRIVATE KEY", "BEGIN PRIVATE KEY", "BEGIN EC PRIVATE KEY"]

    @Test func noFileUnderTheOutputHoldsAKeyInClear() throws {
        // Production has not reported yet: the drop's working copies and its data key are still there.
        let workspace = try SampleWorkspace(production: nil)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let keys = try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/keys/drops")
        #expect(keys.count == 1 && keys[0].hasSuffix(".agekey.age"), "\(keys)")
        var scanned = 0
        let walker = FileManager.default.enumerator(atPath: workspace.output)
        while let name = walker?.nextObject() as? String {
            let path = workspace.output + "/" + name
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            scanned += 1
            for marker in Self.markers {
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(name) holds \(marker)")
            }
        }
        #expect(scanned > 10, "the walk saw the output's files")
    }
}
