import Foundation
@testable import SocksifyAnalysis
@testable import SocksifyCheck

/// Scans a tree in-process with explicit arguments (hermetic: no flags from the caller's directory).
func scan(_ path: String, jobs: Int = 2, extra: [String] = [], showParseErrors: Bool = false) async throws -> ScanResult {
    try await CheckPipeline.scan(ScanOptions(paths: [path], extraArguments: extra, jobs: jobs, showParseErrors: showParseErrors))
}
