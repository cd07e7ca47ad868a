import Foundation

/// An error as a user should read it: the problem in plain words, never a Foundation or Codable
/// dump (`NSCocoaErrorDomain Code=4`, `keyNotFound(CodingKeys(...))`).
public enum PlainError {
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing \"\(key.stringValue)\"\(place(context))"
        case let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context):
            return "\(place(context).isEmpty ? "a value" : "the value" + place(context)) is not \(article(type))"
        case let DecodingError.dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "an unreadable value\(place(context))"
        default:
            break
        }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posix(Int32(underlying.code))
        }
        if nsError.domain == NSPOSIXErrorDomain { return posix(Int32(nsError.code)) }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or directory"
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "no space left on device"
            case NSFileWriteVolumeReadOnlyError: return "read-only file system"
            case NSFileWriteInvalidFileNameError, NSFileReadInvalidFileNameError: return "not a valid file name"
            case NSFileWriteFileExistsError: return "a file of that name exists"
            // Foundation's text for the rest names its error domain ("NSCocoaErrorDomain error 512").
            default: return "the file system refused it"
            }
        }
        return "\(error)"
    }

    private static func posix(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    private static func place(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "" : " at \(path)"
    }

    private static func article(_ type: Any.Type) -> String {
        switch "\(type)" {
        case "String": "a string"
        case "Int": "a number"
        case let name where name.hasPrefix("Array"): "a list"
        default: "the expected kind"
        }
    }
}
