internal import CPKCS11
import Foundation
import Synchronization

/// A token found by a PKCS#11 URI, with one read-write session logged in as the user.
///
/// `open(module:uri:pin:)` gives one instance per token for the whole process, so a run logs in once however
/// many keys it uses. A session may not be used by two threads at once (PKCS#11 §5.3), so every call on the
/// session is taken in turn under a lock.
public final class PKCS11Token: @unchecked Sendable {
    /// The module the token is reached through.
    public let module: PKCS11Module
    /// The token's label.
    public let label: String
    let session: CK_SESSION_HANDLE
    private let lock = NSLock()

    private static let open = Mutex<[String: PKCS11Token]>([:])

    /// The token `uri` names in `module`, logged in with the PIN `pin` returns (asked only on first use).
    /// - Parameters:
    ///   - module: the loaded module.
    ///   - uri: names the token (`token=`, `serial=`, `slot-id=`…); its object attributes are ignored here.
    ///   - pin: reads the user PIN; called at most once per token and process.
    /// - Throws: `PKCS11Error` when no single token matches, or opening the session or logging in fails.
    public static func open(module: PKCS11Module, uri: PKCS11URI, pin: () throws(PKCS11Error) -> [UInt8]) throws(PKCS11Error)
        -> PKCS11Token
    {
        let slot = try TokenSlot.find(uri, in: module)
        let key = module.path + "\u{0}" + String(slot.id)
        if let token = open.withLock({ $0[key] }) { return token }
        let token = try PKCS11Token(module: module, slot: slot, pin: try pin())
        return open.withLock { tokens in
            if let earlier = tokens[key] { return earlier }
            tokens[key] = token
            return token
        }
    }

    private init(module: PKCS11Module, slot: TokenSlot, pin: [UInt8]) throws(PKCS11Error) {
        self.module = module
        self.label = slot.label
        var handle: CK_SESSION_HANDLE = 0
        let flags: UInt = (1 << 1) | (1 << 2)  // CKF_RW_SESSION | CKF_SERIAL_SESSION
        try module.check(module.functions.pointee.C_OpenSession(slot.id, flags, nil, nil, &handle),
                         "C_OpenSession", doing: "opening a session with token '\(slot.label)'")
        session = handle
        var pin = pin
        defer { for index in pin.indices { pin[index] = 0 } }
        let status = pin.withUnsafeMutableBufferPointer { buffer in
            module.functions.pointee.C_Login(handle, CK_USER_TYPE(CKU_USER), buffer.baseAddress, UInt(buffer.count))
        }
        do {
            try module.check(status, "C_Login", doing: "logging in to token '\(slot.label)' as its user",
                             accepting: [.userAlreadyLoggedIn])
        } catch {
            _ = module.functions.pointee.C_CloseSession(handle)
            throw error
        }
    }

    deinit { _ = module.functions.pointee.C_CloseSession(session) }

    /// Runs `body` with the session's function list, alone on the session.
    func call<R>(_ body: (UnsafeMutablePointer<CK_FUNCTION_LIST>, CK_SESSION_HANDLE) throws(PKCS11Error) -> R) throws(PKCS11Error) -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(module.functions, session)
    }

    /// Turns a return value into success or a typed error; see `PKCS11Module.check`.
    @discardableResult
    func check(_ value: CK_RV, _ function: String, doing: @autoclosure () -> String,
               accepting accepted: Set<PKCS11ReturnCode> = []) throws(PKCS11Error) -> PKCS11ReturnCode {
        try module.check(value, function, doing: doing(), accepting: accepted)
    }
}
