internal import CLibRNP

/// The one place a librnp status becomes success or an `OpenPGPError.library` carrying the status, librnp's
/// message for it and the operation.
/// - Throws: `OpenPGPError.library` for any status but `RNP_SUCCESS`.
func check(_ code: rnp_result_t, _ operation: String) throws(OpenPGPError) {
    let status = OpenPGPStatus(code: code)
    guard status != .success else { return }
    throw .library(operation: operation, status: status, message: message(for: code))
}

/// librnp's own words for a status code.
func message(for code: rnp_result_t) -> String {
    rnp_result_to_string(code).map { String(cString: $0) } ?? "no message"
}

/// Takes a string librnp allocated for the caller, copies it and frees librnp's buffer.
/// - Throws: `OpenPGPError.library` when `fill` fails.
func takeString(_ operation: String, _ fill: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> rnp_result_t)
    throws(OpenPGPError) -> String
{
    var buffer: UnsafeMutablePointer<CChar>?
    try check(fill(&buffer), operation)
    defer { rnp_buffer_destroy(buffer) }
    return buffer.map { String(cString: $0) } ?? ""
}
