/// Makes hostile text (from logs or remote servers) safe to print on a terminal: control
/// characters, escape sequences' introducers and bidi overrides become `?`.
enum TextSafety {
    static func plain(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C {
                out.append("?")
            } else {
                out.append(u)
            }
        }
        return String(out)
    }
}
