import ClangSupport
import Foundation

/// `socksify-bench`: socksify-check against the clang floor (`clang -fsyntax-only` over the same
/// units, same flags, same parallelism), in one run, so the ratios hold on a noisy machine.
///
///     swift run -c release socksify-bench [--tree DIR | --generate N] [--runs R] [--jobs J] [--clang PATH]
@main
enum Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            defer { arguments.removeSubrange(index...(index + 1)) }
            return arguments[index + 1]
        }
        let runs = max(3, Int(option("--runs") ?? "3") ?? 3)
        let jobs = Int(option("--jobs") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
        let clang = option("--clang") ?? "clang"
        let tool = option("--tool") ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("socksify-check").path
        var tree = option("--tree")
        var generated: String?
        if tree == nil {
            let count = Int(option("--generate") ?? "200") ?? 200
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("socksify-bench-\(getpid())").path
            try TreeGenerator.generate(units: count, at: directory)
            tree = directory
            generated = directory
        }
        guard let root = tree, FileManager.default.fileExists(atPath: root + "/compile_commands.json") else {
            FileHandle.standardError.write(Data("socksify-bench: --tree needs a directory with compile_commands.json\n".utf8))
            exit(2)
        }
        defer { if let generated { try? FileManager.default.removeItem(atPath: generated) } }

        let units = try CompilationDatabase.load(directory: root).filter { $0.file.hasSuffix(".c") }
        let clangCommands = units.map { unit -> [String] in
            var words = [clang, "-fsyntax-only", "-w", "-working-directory=\(unit.directory)"]
            var rest = unit.arguments.dropFirst().makeIterator()
            while let word = rest.next() {
                if word == "-c" { continue }
                if word == "-o" { _ = rest.next(); continue }
                words.append(word)
            }
            return words
        }
        print("tree: \(root) (\(units.count) translation units), jobs: \(jobs), runs: \(runs)")
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("socksify-bench-cache-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let check = [tool, root, "--jobs", String(jobs), "--quiet", "--format", "json", "--fail-on", "note"]
        let changing = units.first { $0.file.contains("net_") }?.file ?? units[0].file
        let changePath = changing.hasPrefix("/") ? changing : root + "/" + changing
        let original = try String(contentsOfFile: changePath, encoding: .utf8)
        defer { try? original.write(toFile: changePath, atomically: true, encoding: .utf8) }

        var rows: [(String, [Measurement])] = []
        rows.append(("clang -fsyntax-only", (0..<runs).map { _ in Measure.batch(clangCommands, parallel: jobs) }))
        rows.append(("cold, no prefilter", (0..<runs).map { _ in Measure.batch([check + ["--no-prefilter", "--no-cache"]], parallel: 1) }))
        rows.append(("cold, prefiltered", (0..<runs).map { _ in Measure.batch([check + ["--no-cache"]], parallel: 1) }))
        _ = Measure.batch([check + ["--cache-dir", cache]], parallel: 1)
        rows.append(("cached, unchanged", (0..<runs).map { _ in Measure.batch([check + ["--cache-dir", cache]], parallel: 1) }))
        rows.append(("cached, one unit changed", (0..<runs).map { run in
            try? (original + "\n/* edit \(run) \(Date().timeIntervalSince1970) */\n").write(toFile: changePath, atomically: true, encoding: .utf8)
            return Measure.batch([check + ["--cache-dir", cache]], parallel: 1)
        }))
        let floor = median(rows[0].1.map(\.wall))
        print("| run | wall s (min / median / max) | CPU s (median) | peak RSS MB (median) | wall ratio to clang (min / median / max) |")
        print("|---|---|---|---|---|")
        for (name, measurements) in rows {
            let walls = measurements.map(\.wall).sorted()
            let ratios = walls.map { $0 / floor }
            print(String(format: "| %@ | %.2f / %.2f / %.2f | %.2f | %.0f | %.3f / %.3f / %.3f |", name as NSString,
                         walls.first!, median(walls), walls.last!, median(measurements.map(\.cpu)),
                         median(measurements.map(\.peakMemoryMB)), ratios.first!, median(ratios), ratios.last!))
            if measurements.contains(where: { $0.status > 1 }) { print("  (\(name): a run exited with an error)") }
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
