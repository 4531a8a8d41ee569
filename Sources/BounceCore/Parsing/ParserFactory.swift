/// Builds the parser for a format.
public enum ParserFactory {
    public static func make(_ format: SourceFormat, options: ParserOptions) -> any LogParser {
        switch format {
        case .postfix: return PostfixParser(options: options)
        case .exim: return EximParser(options: options)
        case .pmta: return PowerMTAParser(options: options)
        case .jsonl: return JSONLParser(options: options)
        }
    }
}
