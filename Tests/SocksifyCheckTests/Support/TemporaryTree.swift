import Foundation

/// A directory of files for one test, removed when the test is done with it.
final class TemporaryTree: Sendable {
    let path: String

    init(_ files: [String: String]) throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("socksify-check-test-XXXXXX").path
        var buffer = Array(template.utf8CString)
        guard mkdtemp(&buffer) != nil else { throw CocoaError(.fileWriteUnknown) }
        path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for (name, contents) in files {
            try write(name, contents)
        }
    }

    func write(_ name: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum Package {
    /// The package root, found from this file's path so tests never depend on the working directory.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static func fixture(_ name: String) -> String { root + "/Fixtures/" + name }

    /// Goldens are rewritten only on request, then reviewed: SOCKSIFY_CHECK_UPDATE_GOLDENS=1 swift test.
    static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["SOCKSIFY_CHECK_UPDATE_GOLDENS"] == "1" }
}
