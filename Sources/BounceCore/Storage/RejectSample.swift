/// One rejected line kept as a sample (file, line number, reason, a sanitised excerpt).
public struct RejectSample: Sendable, Equatable, Codable {
    public var source: String
    public var line: Int
    public var reason: String
    public var sample: String

    public init(source: String, line: Int, reason: String, sample: String) {
        self.source = source
        self.line = line
        self.reason = reason
        self.sample = sample
    }
}
