// SCAFFOLD: replaced by the real parser in this session's parser work.
/// Parser for the `postfix` format.
public struct PostfixParser: LogParser {
    public let format = SourceFormat.postfix
    public init(options: ParserOptions = ParserOptions(referenceDate: 0)) {}
    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition { .ignored }
}
