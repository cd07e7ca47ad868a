import Foundation
/// What a cheap pass over one C file sees: its identifiers, the names it declares or defines at file
/// scope with a `(` after them (functions, function-like macros), and its `#include "..."` lines.
/// Comments and literals are skipped; nothing here is used for findings, only to decide which
/// translation units need parsing at all.
struct IdentifierScan {
    var identifiers: Set<String> = []
    var fileScopeFunctions: Set<String> = []
    var quotedIncludes: [String] = []
    var angleIncludes: [String] = []

    /// What the prefilter's verdicts depend on, as one stable text (kept in the run memo): an edit
    /// that leaves it alone (a changed number, a comment) cannot change which units the prefilter
    /// keeps, and one that only adds to it cannot drop a unit the prefilter kept (`onlyAdds`).
    var summary: String {
        [identifiers.sorted().joined(separator: " "), fileScopeFunctions.sorted().joined(separator: " "),
         quotedIncludes.joined(separator: " "), angleIncludes.joined(separator: " ")].joined(separator: "\u{0}")
    }

    /// True when this scan has every identifier, file-scope function and include of the scan
    /// `summary` describes (and perhaps more): the prefilter's fixpoint and include graph grow with
    /// what files mention, so every unit it kept before it keeps.
    func onlyAdds(to summary: String) -> Bool {
        let fields = summary.split(separator: "\u{0}", omittingEmptySubsequences: false)
        guard fields.count == 4 else { return false }
        func words(_ field: Substring) -> [String] { field.split(separator: " ").map(String.init) }
        return words(fields[0]).allSatisfy(identifiers.contains) && words(fields[1]).allSatisfy(fileScopeFunctions.contains)
            && Set(words(fields[2])).isSubset(of: quotedIncludes) && Set(words(fields[3])).isSubset(of: angleIncludes)
    }

    init(_ bytes: [UInt8]) {
        var index = 0
        var depth = 0
        var lineStart = true
        var pending: String?
        func isStart(_ b: UInt8) -> Bool { b == 95 || (b | 0x20 >= 97 && b | 0x20 <= 122) }
        func isPart(_ b: UInt8) -> Bool { isStart(b) || (b >= 48 && b <= 57) }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == UInt8(ascii: "/") && next == UInt8(ascii: "/") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            if byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index += 1
                while index < bytes.count && bytes[index] != byte && bytes[index] != UInt8(ascii: "\n") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
                pending = nil
                continue
            }
            if byte == UInt8(ascii: "#") && lineStart {
                index = directive(bytes, from: index + 1)
                continue
            }
            if byte == UInt8(ascii: "\n") { lineStart = true; index += 1; continue }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") { index += 1; continue }
            lineStart = false
            if isStart(byte) {
                let start = index
                while index < bytes.count && isPart(bytes[index]) { index += 1 }
                let name = String(decoding: bytes[start..<index], as: UTF8.self)
                identifiers.insert(name)
                pending = depth == 0 ? name : nil
                continue
            }
            switch byte {
            case UInt8(ascii: "("):
                if let name = pending { fileScopeFunctions.insert(name) }
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
            pending = nil
            index += 1
        }
    }

    /// Reads a preprocessor line: includes are remembered, `#define NAME(` declares a function-like
    /// name, every identifier counts.
    private mutating func directive(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            if bytes[end] == UInt8(ascii: "\n") && !(end > 0 && bytes[end - 1] == UInt8(ascii: "\\")) { break }
            end += 1
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if let keyword = words.first {
            if keyword == "include" || keyword == "include_next" || keyword == "import", words.count > 1 {
                let target = words[1]
                if target.hasPrefix("\""), let close = target.dropFirst().firstIndex(of: "\"") {
                    quotedIncludes.append(String(target[target.index(after: target.startIndex)..<close]))
                } else if target.hasPrefix("<"), let close = target.firstIndex(of: ">") {
                    angleIncludes.append(String(target[target.index(after: target.startIndex)..<close]))
                }
            } else if keyword == "define", words.count > 1 {
                let name = words[1].prefix { $0 != "(" }
                if words[1].contains("(") { fileScopeFunctions.insert(String(name)) }
            }
        }
        var inner = IdentifierScanWords(text)
        while let word = inner.next() { identifiers.insert(word) }
        return end
    }
}

/// Identifiers of a preprocessor line.
private struct IdentifierScanWords: IteratorProtocol {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func next() -> String? {
        func isStart(_ b: UInt8) -> Bool { b == 95 || (b | 0x20 >= 97 && b | 0x20 <= 122) }
        while index < bytes.count && !isStart(bytes[index]) {
            if bytes[index] >= 48 && bytes[index] <= 57 {
                while index < bytes.count && (isStart(bytes[index]) || (bytes[index] >= 48 && bytes[index] <= 57)) { index += 1 }
                continue
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let start = index
        while index < bytes.count && (isStart(bytes[index]) || (bytes[index] >= 48 && bytes[index] <= 57)) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
