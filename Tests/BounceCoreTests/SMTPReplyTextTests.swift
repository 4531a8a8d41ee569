import Foundation
import Testing
@testable import BounceCore

@Suite("SMTPReplyText")
struct SMTPReplyTextTests {
    @Test("folding multi-line replies and collapsing whitespace", arguments: [
        ("550-5.1.1 a 550-5.1.1 b 550 5.1.1 c", "550 5.1.1 a b c"),
        ("550-Line one 550-Line two 550 last", "550 Line one Line two last"),
        ("550 5.1.1   spaced\ttext  ", "550 5.1.1 spaced text"),
        (#"421-4.7.0 first\n421-4.7.0 second\n421 4.7.0 third"#, "421 4.7.0 first second third"),
        ("550-5.1.1", "550 5.1.1"),
        ("quota is 550 units", "quota is 550 units"),
        ("", ""),
    ])
    func fold(_ input: String, _ expected: String) {
        let bytes = Array(input.utf8)
        let out = bytes.withUnsafeBufferPointer { SMTPReplyText.fold($0[...]) }
        #expect(out == expected)
    }

    @Test("reply code and enhanced status at the start of a reply")
    func codeAndStatus() {
        func read(_ s: String) -> (Int?, String?) {
            Array(s.utf8).withUnsafeBufferPointer {
                (SMTPReplyText.leadingCode($0[...]), SMTPReplyText.statusAfterCode($0[...])?.description)
            }
        }
        #expect(read("550 5.1.1 <x@icloud.com>: user does not exist") == (550, "5.1.1"))
        #expect(read("550-5.1.1 The email account") == (550, "5.1.1"))
        #expect(read("452 try later") == (452, nil))
        #expect(read("5501 no") == (nil, nil))
        #expect(read("Host or domain name not found") == (nil, nil))
    }
}
