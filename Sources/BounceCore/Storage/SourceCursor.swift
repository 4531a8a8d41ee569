/// What makes a file the same file across renames: device, inode and a hash of its first bytes
/// (so a replaced or truncated-and-rewritten file with a recycled inode is seen as new).
public struct SourceIdentity: Sendable, Hashable, Codable {
    public var device: Int64
    public var inode: Int64
    /// How many leading bytes `headHash` covers.
    public var headLength: Int
    public var headHash: Int64

    public init(device: Int64, inode: Int64, headLength: Int, headHash: Int64) {
        self.device = device
        self.inode = inode
        self.headLength = headLength
        self.headHash = headHash
    }
}

/// How far a source has been read.
public struct SourceCursor: Sendable, Equatable, Codable {
    public var identity: SourceIdentity
    public var path: String
    /// Byte offset just past the last line whose effects are committed.
    public var offset: Int64
    /// Number of lines committed.
    public var line: Int
    public var format: SourceFormat?

    public init(identity: SourceIdentity, path: String, offset: Int64, line: Int, format: SourceFormat?) {
        self.identity = identity
        self.path = path
        self.offset = offset
        self.line = line
        self.format = format
    }
}
