// SCAFFOLD: replaced by the real parser in this session's parser work.
/// Parser for the `jsonl` format.
public struct JSONLParser: LogParser {
    public let format = SourceFormat.jsonl
    public init(options: ParserOptions = ParserOptions(referenceDate: 0)) {}
    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition { .ignored }
}
