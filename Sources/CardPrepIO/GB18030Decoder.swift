#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes GB 18030 text to Swift strings through the C library's `iconv`. It exists because
/// Foundation on Linux has no GB 18030 decoder. It owns one conversion handle, opened in `init`
/// and closed in `deinit`; the handle never leaves this class. `iconv` is a library call, not a system call, so
/// it does not go through `syscall`: `iconv_open` fails as a `TextConversionError`, and a failed conversion
/// (`EILSEQ`, `EINVAL`) is an answer about the bytes, `nil`.
public final class GB18030Decoder {
    private let handle: iconv_t

    /// Opens the conversion from GB 18030 to UTF-8.
    /// - Throws: `TextConversionError.unavailable` when the C library cannot convert GB 18030.
    public init() throws(TextConversionError) {
        let handle = iconv_open("UTF-8", "GB18030")
        guard let handle, Int(bitPattern: handle) != -1 else {
            throw .unavailable(from: "GB18030", to: "UTF-8", errno: errno)
        }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// Decodes one line; `nil` when the bytes are not valid GB 18030.
    public func decode(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return "" }
        _ = iconv(handle, nil, nil, nil, nil)
        // A GB 18030 sequence of n bytes never takes more than 2n bytes of UTF-8.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 8)
        var input = bytes
        let outputCapacity = output.count
        let written: Int? = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPointer = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outLeft = outRaw.count
                let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                guard iconv(handle, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outputCapacity - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[0..<written], as: UTF8.self)
    }
}

/// Why a text conversion of the C library cannot be used.
public enum TextConversionError: Error, Equatable, CustomStringConvertible {
    /// `iconv_open` cannot convert `from` to `to`; `errno` is its reason.
    case unavailable(from: String, to: String, errno: Int32)

    /// The failure in words.
    public var description: String {
        switch self {
        case let .unavailable(from, to, code):
            "cannot convert \(from) to \(to): iconv_open failed: \(String(cString: strerror(code)))"
        }
    }
}
