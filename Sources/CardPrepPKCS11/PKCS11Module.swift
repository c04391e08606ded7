internal import CPKCS11
import Foundation
import Synchronization

/// A PKCS#11 module (the token vendor's shared library, such as SoftHSM2's `libsofthsm2.so`), loaded and
/// initialised once per process.
///
/// `load(path:)` hands out one instance per path for the whole process: `C_Initialize` runs when the module is
/// first loaded, and `C_Finalize` when the process exits, so every part of a run shares the module, its
/// sessions and its login. The module is told the process has threads (`CKF_OS_LOCKING_OK`).
public final class PKCS11Module: @unchecked Sendable {
    /// The path the module was loaded from.
    public let path: String
    private let library: UnsafeMutableRawPointer
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>

    private static let loaded = Mutex<[String: PKCS11Module]>([:])

    /// The module at `path`, loaded and initialised on first use.
    /// - Throws: `PKCS11Error.moduleNotLoaded` when the library cannot be opened or has no `C_GetFunctionList`,
    ///   `PKCS11Error.call` when `C_Initialize` fails.
    public static func load(path: String) throws(PKCS11Error) -> PKCS11Module {
        let result: Result<PKCS11Module, PKCS11Error> = loaded.withLock { modules in
            if let module = modules[path] { return .success(module) }
            do throws(PKCS11Error) {
                let module = try PKCS11Module(path: path)
                if modules.isEmpty { atexit { PKCS11Module.finalizeAll() } }
                modules[path] = module
                return .success(module)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(path: String) throws(PKCS11Error) {
        self.path = path
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .moduleNotLoaded(path: path, reason: dlerror().map { String(cString: $0) } ?? "dlopen failed")
        }
        guard let symbol = dlsym(library, "C_GetFunctionList") else {
            dlclose(library)
            throw .moduleNotLoaded(path: path, reason: "it has no C_GetFunctionList: not a PKCS#11 module")
        }
        typealias GetFunctionList = @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CK_FUNCTION_LIST>?>?) -> CK_RV
        let getFunctionList = unsafeBitCast(symbol, to: GetFunctionList.self)
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        let status = PKCS11ReturnCode(rawValue: getFunctionList(&list))
        guard status == .ok, let list else {
            dlclose(library)
            throw .call(function: "C_GetFunctionList", code: status, doing: "loading \(path)")
        }
        self.library = library
        self.functions = list
        var arguments = CK_C_INITIALIZE_ARGS()
        arguments.flags = Self.osLockingOK
        let initialised = withUnsafeMutablePointer(to: &arguments) { PKCS11ReturnCode(rawValue: list.pointee.C_Initialize($0)) }
        guard initialised == .ok || initialised == .alreadyInitialized else {
            dlclose(library)
            throw .call(function: "C_Initialize", code: initialised, doing: "initialising \(path)")
        }
    }

    /// `CKF_OS_LOCKING_OK`: the module may use the operating system's locks.
    private static let osLockingOK: UInt = 1 << 1

    /// Finalises every module at process exit; sessions and logins end with it.
    private static func finalizeAll() {
        loaded.withLock { modules in
            for module in modules.values { _ = module.functions.pointee.C_Finalize(nil) }
            modules.removeAll()
        }
    }

    /// Turns a return value into success or a typed error naming the function and what was being done.
    /// - Throws: `PKCS11Error.call` for any code other than `CKR_OK` and those in `accepted`.
    @discardableResult
    func check(
        _ value: CK_RV, _ function: String, doing: @autoclosure () -> String,
        accepting accepted: Set<PKCS11ReturnCode> = []
    ) throws(PKCS11Error) -> PKCS11ReturnCode {
        let code = PKCS11ReturnCode(rawValue: value)
        guard code == .ok || accepted.contains(code) else { throw .call(function: function, code: code, doing: doing()) }
        return code
    }

    /// What the module says about itself (`C_GetInfo`): manufacturer, description, version.
    func info() throws(PKCS11Error) -> (manufacturer: String, description: String, version: (UInt8, UInt8)) {
        var info = CK_INFO()
        try check(functions.pointee.C_GetInfo(&info), "C_GetInfo", doing: "reading the module's description")
        return (
            PaddedText.string(info.manufacturerID), PaddedText.string(info.libraryDescription),
            (info.libraryVersion.major, info.libraryVersion.minor)
        )
    }
}

/// PKCS#11's fixed-width, blank-padded text fields (labels, manufacturer names, serial numbers).
enum PaddedText {
    /// The field's text without its trailing blanks.
    static func string<T>(_ field: T) -> String {
        withUnsafeBytes(of: field) { bytes in
            var text = Array(bytes)
            while let last = text.last, last == UInt8(ascii: " ") || last == 0 { text.removeLast() }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
