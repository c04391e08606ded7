internal import CPKCS11
import Foundation
import Synchronization

/// A token found by a PKCS#11 URI, logged in as the user, with its read-write sessions.
///
/// `open(module:uri:pin:)` gives one instance per token for the whole process, so a run logs in once however
/// many keys it uses: the login belongs to the application, and every session opened later shares it. A session
/// may not be used by two threads at once, so each call takes an idle session for itself (opening another when
/// all are busy) and gives it back; object handles are valid in every session of the process.
public final class PKCS11Token: @unchecked Sendable {
    /// The module the token is reached through.
    public let module: PKCS11Module
    /// The token's label.
    public let label: String
    let slot: CK_SLOT_ID
    /// Sessions no call is using; a call takes one and gives it back.
    private let idle = Mutex<[CK_SESSION_HANDLE]>([])

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
        self.slot = slot.id
        let handle = try Self.openSession(module: module, slot: slot.id, label: slot.label)
        var pin = pin
        defer { for index in pin.indices { pin[index] = 0 } }
        let status = pin.withUnsafeMutableBufferPointer { buffer in
            module.functions.pointee.C_Login(handle, CK_USER_TYPE(CKU_USER), buffer.baseAddress, UInt(buffer.count))
        }
        do {
            try module.check(
                status, "C_Login", doing: "logging in to token '\(slot.label)' as its user",
                accepting: [.userAlreadyLoggedIn])
        } catch {
            _ = module.functions.pointee.C_CloseSession(handle)
            throw error
        }
        idle.withLock { $0.append(handle) }
    }

    deinit {
        for session in idle.withLock({ $0 }) { _ = module.functions.pointee.C_CloseSession(session) }
    }

    private static func openSession(module: PKCS11Module, slot: CK_SLOT_ID, label: String) throws(PKCS11Error)
        -> CK_SESSION_HANDLE
    {
        var handle: CK_SESSION_HANDLE = 0
        let flags: UInt = (1 << 1) | (1 << 2)  // CKF_RW_SESSION | CKF_SERIAL_SESSION
        try module.check(
            module.functions.pointee.C_OpenSession(slot, flags, nil, nil, &handle),
            "C_OpenSession", doing: "opening a session with token '\(label)'")
        return handle
    }

    /// Runs `body` with the function list and a session no other call is using.
    func call<R>(_ body: (UnsafeMutablePointer<CK_FUNCTION_LIST>, CK_SESSION_HANDLE) throws(PKCS11Error) -> R) throws(PKCS11Error)
        -> R
    {
        let session: CK_SESSION_HANDLE
        if let reused = idle.withLock({ $0.popLast() }) {
            session = reused
        } else {
            session = try Self.openSession(module: module, slot: slot, label: label)
        }
        defer { idle.withLock { $0.append(session) } }
        return try body(module.functions, session)
    }

    /// Turns a return value into success or a typed error; see `PKCS11Module.check`.
    @discardableResult
    func check(
        _ value: CK_RV, _ function: String, doing: @autoclosure () -> String,
        accepting accepted: Set<PKCS11ReturnCode> = []
    ) throws(PKCS11Error) -> PKCS11ReturnCode {
        try module.check(value, function, doing: doing(), accepting: accepted)
    }
}
