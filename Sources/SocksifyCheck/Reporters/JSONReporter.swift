import Foundation

/// `--format json`: the Report, keys sorted, so the bytes are the same for the same findings.
public struct JSONReporter {
    public init() {}

    public static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A Report is plain strings and numbers: encoding cannot fail.
        let data = try! encoder.encode(report)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
