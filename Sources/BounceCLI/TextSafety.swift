import ConsoleUI

/// Makes hostile text (from logs or remote servers) safe to print on a terminal. The CLI uses
/// the console's sanitiser, so both front ends strip the same escape sequences, control and bidi
/// characters.
enum TextSafety {
    static func plain(_ s: String) -> String {
        TextSanitizer.clean(s, maxLength: 100_000)
    }
}
