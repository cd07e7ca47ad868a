import Foundation
import Testing

/// The folders of SocksifyCheck depend on each other in one direction (issue 12). The targets are
/// enforced by the compiler; inside a target this test does it, from the type names each folder
/// declares and the ones each folder's files mention.
@Suite struct ArchitectureTests {
    @Test func noFolderDependencyCycleInSocksifyCheck() throws {
        let base = Package.root + "/Sources/SocksifyCheck"
        var declaredIn: [String: String] = [:]
        var texts: [(folder: String, text: String)] = []
        let declaration = try NSRegularExpression(pattern: #"^(?:public |package |private |fileprivate )?(?:final )?(?:struct|enum|class|protocol|typealias) (\w+)"#,
                                                  options: .anchorsMatchLines)
        let enumerator = FileManager.default.enumerator(atPath: base)
        while let file = enumerator?.nextObject() as? String {
            guard file.hasSuffix(".swift"), let folder = file.split(separator: "/").first.map(String.init), file.contains("/") else { continue }
            let text = try String(contentsOfFile: base + "/" + file, encoding: .utf8)
            texts.append((folder, text))
            for match in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { declaredIn[String(text[range])] = folder }
            }
        }
        var edges: [String: Set<String>] = [:]
        let word = try NSRegularExpression(pattern: #"\b[A-Z]\w+\b"#)
        for (folder, text) in texts {
            let code = text.split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1).first.map(String.init) ?? "" }.joined(separator: "\n")
            for match in word.matches(in: code, range: NSRange(code.startIndex..., in: code)) {
                guard let range = Range(match.range, in: code), let other = declaredIn[String(code[range])], other != folder else { continue }
                edges[folder, default: []].insert(other)
            }
        }
        func reaches(_ from: String, _ to: String, _ seen: inout Set<String>) -> Bool {
            for next in edges[from] ?? [] {
                if next == to { return true }
                if seen.insert(next).inserted, reaches(next, to, &seen) { return true }
            }
            return false
        }
        var cycles: [String] = []
        for (folder, targets) in edges {
            for target in targets {
                var seen: Set<String> = []
                if reaches(target, folder, &seen) { cycles.append("\(folder) -> \(target)") }
            }
        }
        #expect(cycles.isEmpty, "folder dependency cycles: \(cycles.sorted())")
        #expect(edges["Discovery"]?.contains("Pipeline") != true)
    }
}
