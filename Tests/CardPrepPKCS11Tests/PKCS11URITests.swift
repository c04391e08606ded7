import CardPrepPKCS11
import Testing

@Suite struct PKCS11URITests {
    @Test func theAttributesOfRFC7512AreRead() throws {
        let uri = try PKCS11URI(
            "pkcs11:token=card%20prep;manufacturer=SoftHSM%20project;serial=abc;model=SoftHSM%20v2;object=bureau-signing;"
                + "type=private;id=%01%a0%FF;slot-id=7;slot-description=s;slot-manufacturer=m;library-manufacturer=SoftHSM;"
                + "library-description=Implementation%20of%20PKCS11;library-version=2.6")
        #expect(uri.token == "card prep")
        #expect(uri.manufacturer == "SoftHSM project")
        #expect(uri.serial == "abc")
        #expect(uri.model == "SoftHSM v2")
        #expect(uri.object == "bureau-signing")
        #expect(uri.type == .privateKey)
        #expect(uri.id == [0x01, 0xA0, 0xFF])
        #expect(uri.slotID == 7)
        #expect(uri.slotDescription == "s")
        #expect(uri.slotManufacturer == "m")
        #expect(uri.libraryManufacturer == "SoftHSM")
        #expect(uri.libraryDescription == "Implementation of PKCS11")
        #expect(uri.libraryVersion == "2.6")
    }

    @Test(arguments: [
        "pkcs11:", "PKCS11:token=a", "pkcs11:object=a;type=secret-key", "pkcs11:object=%E2%82%AC", "pkcs11:object=a:b@c,d+e",
        "pkcs11:token=", "pkcs11:type=cert", "pkcs11:id=%00",
    ])
    func wellFormedURIsAreAccepted(_ text: String) throws {
        _ = try PKCS11URI(text)
    }

    @Test(arguments: [
        ("token=cardprep", PKCS11URIError.notPKCS11URI),
        ("pkcs11:token=a;colour=blue", .unknownAttribute("colour")),
        ("pkcs11:x-vendor=1", .unknownAttribute("x-vendor")),
        ("pkcs11:token=a;token=b", .repeatedAttribute("token")),
        ("pkcs11:object=a%2", .malformedPercentEncoding("object")),
        ("pkcs11:object=a%zz", .malformedPercentEncoding("object")),
        ("pkcs11:object=a/b", .characterNotAllowed("object", "/")),
        ("pkcs11:object=a b", .characterNotAllowed("object", " ")),
        ("pkcs11:object=%FF", .notUTF8("object")),
        ("pkcs11:type=secret", .invalidValue("type", "secret", expected: "public, private, secret-key, cert, data")),
        ("pkcs11:slot-id=one", .invalidValue("slot-id", "one", expected: "a decimal slot number")),
        ("pkcs11:token", .malformedAttribute("token")),
        ("pkcs11:token=a;", .malformedAttribute("")),
        ("pkcs11:token=a?pin-value=1234", .pinInURI("pin-value")),
        ("pkcs11:token=a?pin-source=file:/etc/pin", .pinInURI("pin-source")),
        ("pkcs11:token=a?module-path=/usr/lib/x.so", .moduleInURI("module-path")),
        ("pkcs11:token=a?colour=blue", .unknownAttribute("colour")),
    ])
    func malformedOrRefusedURIsAreRefusedWithTheReason(_ text: String, _ expected: PKCS11URIError) {
        #expect(throws: expected) { try PKCS11URI(text) }
    }

    @Test func everyReturnCodeHasItsStandardName() {
        #expect(PKCS11ReturnCode(rawValue: 0xA0).name == "CKR_PIN_INCORRECT")
        #expect(PKCS11ReturnCode(rawValue: 0x101).name == "CKR_USER_NOT_LOGGED_IN")
        #expect(PKCS11ReturnCode(rawValue: 0x8000_0001).name == "CKR_VENDOR_DEFINED+0x1")
        #expect(PKCS11ReturnCode(rawValue: 0x7777).name == "0x7777")
    }

    @Test func aModuleThatIsNotThereIsNamedInTheError() {
        #expect(throws: PKCS11Error.self) { try PKCS11Module.load(path: "/nonexistent/libnothing.so") }
    }
}
