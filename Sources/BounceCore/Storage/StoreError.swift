/// Store failures with a message fit for a one-line CLI error.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(String, String)
    case writeFailed(String)
    case readFailed(String)
    case notFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, why): "cannot open database \(path): \(why)"
        case let .writeFailed(why): "database write failed (nothing was changed): \(why)"
        case let .readFailed(why): "database read failed: \(why)"
        case let .notFound(what): "\(what) not found"
        case let .conflict(why): why
        }
    }
}
