// SCAFFOLD: replaced by the real parser in this session's parser work.
/// Parser for the `pmta` format.
public struct PowerMTAParser: LogParser {
    public let format = SourceFormat.pmta
    public init(options: ParserOptions = ParserOptions(referenceDate: 0)) {}
    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition { .ignored }
}
