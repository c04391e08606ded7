import CardPrepCore
import CardPrepCrypto
import Foundation
import Testing

@testable import CardPrepStages

@Suite("Reconcile delivery lists")
struct ReconcileDeliveryListTests {
    @Test func theDeliveryListNamesTheOrderedProductsPerBranch() throws {
        let fixture = try ReconcileFixture()
        _ = try fixture.run("clean")
        let text = try String(contentsOfFile: fixture.output + "/delivery-list-SHP-0002.txt", encoding: .utf8)
        #expect(text.contains("Shipment:   SHP-0002"))
        #expect(text.contains("Branch BR01"))
        #expect(!text.contains("Branch HQ"))
        #expect(text.contains("C01-DEBIT") && text.contains("C01-ACCESS"))
        #expect(text.contains("air-cargo, tracking EX123456790FR"))
    }

    @Test func theSignatureVerifiesWithSSHKeygen() throws {
        let fixture = try ReconcileFixture()
        _ = try fixture.run("clean")
        let signers = fixture.root + "/allowed_signers"
        try ("bureau@cardprep.test namespaces=\"cardprep-delivery\" " + fixture.key.publicKey.authorizedKeyLine(comment: nil) + "\n")
            .write(toFile: signers, atomically: true, encoding: .utf8)
        for shipment in ["SHP-0001", "SHP-0002"] {
            let list = fixture.output + "/delivery-list-\(shipment).txt"
            #expect(try verify(list, signers: signers, namespace: "cardprep-delivery") == 0)
            #expect(try verify(list, signers: signers, namespace: "cardprep-manifest") != 0)
        }
    }

    func verify(_ file: String, signers: String, namespace: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = ["-Y", "verify", "-f", signers, "-I", "bureau@cardprep.test", "-n", namespace, "-s", file + ".sig"]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
