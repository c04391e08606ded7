import CardPrepCore
import Testing

@Suite struct CardholderInitialsTests {
    @Test(arguments: [("JOHN DOE", "J.D."), ("DOE/JOHN", "D.J."), ("Anne-Marie O'Neil", "A.M.O."), ("j. doe", "J.D."), ("", "")])
    func initialsOfAName(name: String, initials: String) {
        #expect(CardholderInitials.of(name) == initials)
    }

    @Test(arguments: [("jd", "J.D."), ("J.D.", "J.D."), ("J. D.", "J.D.")])
    func typedInitialsAreNormalised(typed: String, stored: String) {
        #expect(CardholderInitials.normalised(typed) == stored)
    }
}
