import Foundation
import Glibc

/// One end of an age plugin conversation: stanzas written to one file descriptor and read from another, in the
/// age header's stanza grammar (the command is the stanza's type, its metadata the arguments, its data the body in
/// canonical unpadded base64). The client reads a plugin's standard output; a plugin reads its standard input.
///
/// Each read waits at most `timeout` for the next bytes, so a plugin that hangs cannot stall a run.
public final class AgePluginConnection {
    private let input: Int32
    private let output: Int32
    private let timeout: Duration?
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    /// A stanza line longer than this is refused (identities that name a token key by URI are a few hundred bytes).
    private static let lineLimit = 64 * 1024

    /// Creates a connection over two open descriptors; it does not close them.
    /// - Parameters:
    ///   - input: read from: the plugin's standard output for a client, standard input for a plugin.
    ///   - output: written to.
    ///   - timeout: how long one read may wait for bytes; nil waits for ever (a plugin waits for its client).
    public init(reading input: Int32, writing output: Int32, timeout: Duration?) {
        self.input = input
        self.output = output
        self.timeout = timeout
    }

    /// Writes one stanza.
    /// - Throws: `AgePluginConnectionError.closed` when the other end has gone, `.io` for other write errors.
    public func send(_ stanza: AgeStanza) throws(AgePluginConnectionError) {
        guard ([stanza.type] + stanza.arguments).allSatisfy(AgeFormat.isValidArgument) else {
            throw .malformed("refusing to send a stanza with an empty argument or one outside printable ASCII")
        }
        var bytes = Array(stanza.encoded.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw .closed }
                throw .io("write", errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Sends a command without data.
    public func send(_ command: String, _ arguments: [String] = [], body: [UInt8] = []) throws(AgePluginConnectionError) {
        try send(AgeStanza(type: command, arguments: arguments, body: body))
    }

    /// Reads the next stanza.
    /// - Throws: `AgePluginConnectionError.closed` at the end of the stream, `.timedOut`, `.malformed` for text
    ///   that is not a stanza, `.io` for read errors.
    public func receive() throws(AgePluginConnectionError) -> AgeStanza {
        guard let first = try readLine() else { throw .closed }
        guard first.starts(with: Array("-> ".utf8)) else { throw .malformed("expected a \"-> \" stanza line") }
        let arguments = first.dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard arguments.allSatisfy(AgeFormat.isValidArgument) else {
            throw .malformed("a stanza has an empty argument or a character outside printable ASCII")
        }
        var body: [UInt8] = []
        while true {
            guard let line = try readLine() else { throw .malformed("the stream ends inside the body of \(arguments[0])") }
            guard line.count <= AgeFormat.columnsPerLine, let decoded = AgeBase64.decode(line) else {
                throw .malformed("the body of \(arguments[0]) is not canonical unpadded base64 in 64-column lines")
            }
            body += decoded
            if line.count < AgeFormat.columnsPerLine { break }
        }
        return AgeStanza(type: arguments[0], arguments: Array(arguments.dropFirst()), body: body)
    }

    /// One line without its `\n`; nil at the end of the stream before any byte of a line.
    private func readLine() throws(AgePluginConnectionError) -> [UInt8]? {
        var searched = 0  // bytes after `start` known to hold no newline; `fill` may move `start` to 0
        while true {
            if let newline = buffer[(start + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                if start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
                return line
            }
            searched = buffer.count - start
            guard searched <= Self.lineLimit else { throw .malformed("a line is longer than 64 KiB") }
            if ended {
                if start == buffer.count { return nil }
                throw .malformed("the stream ends inside a line")
            }
            try fill()
        }
    }

    private func fill() throws(AgePluginConnectionError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            var wait: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { throw .timedOut }
                wait = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            }
            let ready = poll(&descriptor, 1, wait)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .io("poll", errno)
            }
            if ready == 0 { continue }  // the deadline is checked at the top
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .io("read", errno)
            }
            if count == 0 { ended = true } else { buffer += chunk.prefix(count) }
            return
        }
    }
}

/// Why a plugin conversation broke off, before it is attributed to a plugin.
public enum AgePluginConnectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The other end closed the stream.
    case closed
    /// Nothing arrived within the timeout.
    case timedOut
    /// What arrived is not a stanza.
    case malformed(String)
    /// A system call failed, with its errno.
    case io(String, Int32)

    public var description: String {
        switch self {
        case .closed: "the other end closed the connection"
        case .timedOut: "nothing arrived in time"
        case let .malformed(reason): "not the age plugin protocol: \(reason)"
        case let .io(call, code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
