import Testing
@testable import CardPrepCore

@Suite struct CardNumberTests {
    @Test(arguments: ["4111111111111111", "5500005555555559", "79927398713", "378282246310005"])
    func validNumbersPassLuhn(_ pan: String) { #expect(CardNumber.passesLuhn(pan)) }

    @Test(arguments: ["4111111111111112", "79927398710", "4111a11111111111", "", "0"])
    func invalidNumbersFailLuhn(_ pan: String) { #expect(!CardNumber.passesLuhn(pan)) }

    @Test func checkDigitCompletesNumber() {
        #expect(CardNumber.luhnCheckDigit(for: "7992739871") == "3")
        #expect(CardNumber.luhnCheckDigit(for: "411111111111111") == "1")
    }

    @Test func maskingKeepsFirstSixAndLastFour() {
        #expect(CardNumber.masked("4111111111111111") == "411111******1111")
        #expect(CardNumber.masked("6212345678901234567") == "621234*********4567")
        #expect(CardNumber.masked("12345678") == "****5678")
    }

    /// Strings of digits are masked on their bytes; anything else as characters, the same for strings and substrings.
    @Test(arguments: ["4111111111111111", "41111111111", "4111111111", "4111 1111 1111 1111", "41111١١١١١١١١١١", "", "Ä1234567890ß"])
    func stringsAndSubstringsAreMaskedAlike(number: String) {
        #expect(CardNumber.masked(number) == CardNumber.masked(number[...]))
    }
}
