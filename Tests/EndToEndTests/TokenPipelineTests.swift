import Foundation
import Testing

@Suite struct TokenPipelineTests {
    @Test func theSamplePipelineRunsWithItsKeysInAToken() throws {
        let workspace = try TokenWorkspace()
        try workspace.putKeysInToken()
        let run = try workspace.cardprep(["run", workspace.pipeline, "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect((json["validate"] as? [[String: Any]])?.first?["accepted"] as? Int == 24)
        let verify = try workspace.cardprep(["vault", "verify", workspace.pipeline, "--read-data"])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        // Every signature the run wrote verifies with OpenSSH against the token's key alone.
        try Self.expectSignaturesVerify(
            under: workspace.sample.output, in: workspace, namespaces: ["cardprep-bundle", "cardprep-audit"])
    }

    @Test func deliveryListsAreSignedInTheToken() throws {
        let workspace = try TokenWorkspace(stages: ["ingest", "validate", "transform", "reconcile"])
        try workspace.putKeysInToken()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardError)")
        try Self.expectSignaturesVerify(under: workspace.sample.output, in: workspace, namespaces: ["cardprep-delivery"])
    }

    /// Checks that `folder` holds signatures in each of `namespaces`, and that every one verifies with ssh-keygen
    /// against the workspace's allowed_signers, which names the token's key alone.
    static func expectSignaturesVerify(under folder: String, in workspace: TokenWorkspace, namespaces: Set<String>) throws {
        let signatures = try Self.signatures(under: folder)
        #expect(Set(signatures.map(\.namespace)).isSuperset(of: namespaces), "\(signatures)")
        for signature in signatures {
            let message = try #require(FileManager.default.contents(atPath: signature.message))
            let verified = try workspace.tool(
                "/usr/bin/ssh-keygen",
                [
                    "-Y", "verify", "-f", workspace.root + "/keys/allowed_signers", "-I", "cardprep@test",
                    "-n", signature.namespace, "-s", signature.file,
                ], input: message)
            #expect(verified.status == 0, "\(signature.file): \(verified.standardError)")
        }
    }

    @Test func anECDSATokenKeyIsRefusedAsThePipelinesSigningKey() throws {
        let workspace = try TokenWorkspace()
        let made = try workspace.cardprep([
            "keys", "token-generate", "--pipeline", workspace.pipeline, "--uri", TokenWorkspace.signingURI, "--type", "ecdsa-p256",
        ])
        #expect(made.status == 0, "\(made.standardError)")
        #expect(made.standardOutput.hasPrefix("public key: ecdsa-sha2-nistp256 "))
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status != 0)
        #expect(run.standardError.contains("the pipeline signs with Ed25519 only"), "\(run.standardError)")
    }

    @Test func aWrongPINIsNamedWithItsReturnCode() throws {
        let workspace = try TokenWorkspace()
        try workspace.putKeysInToken()
        try "4321\n".write(toFile: workspace.pinFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: workspace.pinFile)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 1)
        #expect(
            run.standardError.contains("C_Login failed with CKR_PIN_INCORRECT while logging in to token 'cardprep'"),
            "\(run.standardError)")
    }

    @Test func aPINFileOthersCanReadIsRefused() throws {
        let workspace = try TokenWorkspace()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.pinFile)
        let shown = try workspace.cardprep([
            "keys", "token-generate", "--pipeline", workspace.pipeline, "--uri", TokenWorkspace.signingURI,
        ])
        #expect(shown.status == 1)
        #expect(shown.standardError.contains("chmod 600"), "\(shown.standardError)")
    }

    @Test func theTokenPINCanComeFromAFileDescriptor() throws {
        let workspace = try TokenWorkspace()
        let text = try String(contentsOfFile: workspace.pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "pin_file: etc/token.pin", with: "pin_fd: 3")
            .write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let shown = try workspace.tool(
            "/bin/sh",
            [
                "-c",
                "exec \"$0\" keys token-generate --pipeline \"$1\" --uri \"$2\" 3<\"$3\"",
                BuiltExecutable.productsFolder.appendingPathComponent("cardprep").path, workspace.pipeline,
                TokenWorkspace.signingURI,
                workspace.pinFile,
            ])
        #expect(shown.status == 0, "\(shown.standardError)")
        #expect(shown.standardOutput.hasPrefix("public key: ssh-ed25519 "))
    }

    @Test func aURIWithAnUnknownAttributeIsRefusedWithItsLine() throws {
        let workspace = try TokenWorkspace()
        let text = try String(contentsOfFile: workspace.pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "object=bureau-signing", with: "object=bureau-signing;colour=blue")
            .write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let line = try #require(
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("object=bureau-signing") })
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 64, "\(run.standardError)")
        #expect(run.standardError.contains("pipeline.yml:\(line + 1): "), "\(run.standardError)")
        #expect(run.standardError.contains("unknown attribute 'colour'"))
    }

    @Test func theREADMECommandsThatPutKeysInATokenWorkWhenPasted() throws {
        let workspace = try TokenWorkspace(initialiseToken: false)
        let readme = try String(contentsOfFile: SampleWorkspace.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```sh\n# The PINs"))
        let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        let commands = String(readme[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "/etc/cardprep/pipeline.yml", with: workspace.pipeline)
            .replacingOccurrences(of: "/etc/cardprep", with: workspace.root + "/etc")
        try FileManager.default.createDirectory(atPath: workspace.root + "/etc/keys", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: workspace.root + "/keys/fingerprint.key", toPath: workspace.root + "/etc/keys/fingerprint.key")
        let pasted = try workspace.tool(
            "/bin/sh",
            [
                "-ec", "PATH=\"$0:$PATH\"\n" + "# The PINs" + commands,
                BuiltExecutable.productsFolder.path,
            ])
        #expect(pasted.status == 0, "\(pasted.standardOutput)\(pasted.standardError)")
        #expect(
            pasted.standardOutput.contains("allowed_signers: cardprep@bureau.example namespaces="), "\(pasted.standardOutput)")
        #expect(pasted.standardOutput.contains("label:      bureau-signing"), "\(pasted.standardOutput)")
        // The pipeline then runs with its keys in the token, once allowed_signers names the new key.
        let line = try #require(pasted.standardOutput.split(separator: "\n").first { $0.hasPrefix("allowed_signers: ") })
        try (line.dropFirst("allowed_signers: ".count) + "\n").write(
            toFile: workspace.root + "/keys/allowed_signers", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: workspace.root + "/keys/fingerprint.key")
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardError)")
    }

    /// The bureau's `.sig` files under `folder`, with the file each signs and the namespace it was made in.
    static func signatures(under folder: String) throws -> [(file: String, message: String, namespace: String)] {
        let paths = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        // The customers' own signatures of their drops, as received, and the staff's signatures of statements are not
        // the bureau's.
        return paths.filter { $0.hasSuffix(".sig") && !$0.hasPrefix("received/") && !$0.hasPrefix("statements/") }.compactMap { path in
            guard let text = try? String(contentsOfFile: folder + "/" + path, encoding: .utf8),
                text.hasPrefix("-----BEGIN SSH SIGNATURE-----")
            else { return nil }
            let namespace: String
            if path.contains("delivery-list") {
                namespace = "cardprep-delivery"
            } else if path.hasPrefix("customer-outbox/") {
                namespace = "cardprep-report"
            } else if path.contains("audit") || path.contains("checkpoint") {
                namespace = "cardprep-audit"
            } else if path.contains("report") || path.contains("acceptance") {
                namespace = "cardprep-report"
            } else {
                namespace = "cardprep-bundle"
            }
            return (folder + "/" + path, folder + "/" + String(path.dropLast(4)), namespace)
        }
    }
}
