import Glibc
import Testing

@testable import CardPrepIO

@Suite struct SystemCallTests {
    @Test func anInterruptedCallIsRepeated() throws {
        var calls = 0
        let result = try syscall(.read, path: "/interrupted") { () -> Int in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 42
        }
        #expect(result == 42)
        #expect(calls == 3)
    }

    @Test func aFailureCarriesTheOperationThePathAndTheReason() {
        #expect(throws: ByteStreamError.sync(path: "/full", errno: ENOSPC)) {
            try syscall(.sync, path: "/full") { () -> Int32 in
                errno = ENOSPC
                return -1
            }
        }
        #expect(ByteStreamError.sync(path: "/full", errno: ENOSPC).description.contains("No space left on device"))
    }

    @Test func aMissingFileIsAnOpenError() {
        let path = "/nonexistent/cardprep-io-test"
        #expect(throws: ByteStreamError.open(path: path, errno: ENOENT)) { try FileByteSource(path: path) }
    }
}
