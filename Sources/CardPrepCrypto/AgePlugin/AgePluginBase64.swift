/// The plugin protocol's base64 (standard alphabet, unpadded, canonical only), for plugins built on CardPrepCrypto.
public enum AgePluginBase64 {
    /// Encodes bytes.
    public static func encode(_ bytes: some Collection<UInt8>) -> String { AgeBase64.encode(bytes) }
    /// Decodes canonical unpadded base64; nil for anything else.
    public static func decode(_ text: String) -> [UInt8]? { AgeBase64.decode(text.utf8) }
}
