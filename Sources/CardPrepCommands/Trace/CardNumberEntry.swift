import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import Foundation
import Glibc

/// A card number typed or piped in for `trace`, hashed at once: the digits live in one buffer that is wiped after the
/// fingerprint is made, are never echoed on a terminal, and never appear in a message.
enum CardNumberEntry {
    /// Reads one line from standard input (with echo off on a terminal) and returns the fingerprint of its digits.
    /// Spaces and dashes between digit groups are ignored.
    /// - Throws: a usage failure (exit 64) when the line is not 12 to 19 digits; the message never holds what was read.
    static func fingerprint(with key: any CardFingerprintKey) throws -> CardFingerprint {
        var digits = [UInt8](repeating: 0, count: 32)
        var count = 0
        var other = false
        defer { for index in digits.indices { digits[index] = 0 } }
        let terminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            FileHandle.standardError.write(Data("card number (not shown): ".utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1, byte != 0x0A {
            switch byte {
            case 0x30...0x39:
                if count < digits.count { digits[count] = byte }
                count += 1
            case 0x20, 0x2D, 0x0D, 0x09: continue
            default: other = true
            }
        }
        byte = 0
        guard !other, (12...19).contains(count) else {
            throw CommandFailure.report("standard input does not hold a card number (12 to 19 digits on one line)", code: .usage)
        }
        let number = String(decoding: digits[0..<count], as: UTF8.self)
        return try key.fingerprint(of: number)
    }
}
