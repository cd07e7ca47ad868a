import ClangSupport
import Foundation

/// `socksify-bench`: socksify-check against the clang floor F (`clang -fsyntax-only` over the same
/// units, same flags, same parallelism), every row paired with a run of F taken just before it, so
/// each ratio holds on a noisy machine.
///
///     swift run -c release socksify-bench [--tree DIR [-p DB] | --generate N] [--runs R] [--jobs J] [--clang PATH]
///
/// Rows: cold as users run it (the cache written), cold without prefilter and cache, cached with
/// nothing changed, cached with one unit's comment edited, cached with new code in one unit, the
/// libclang's parse alone (whole, and every body skipped: the floor of any AST-based check), the
/// peers (semgrep, Coccinelle's spatch) when installed; then the stages of one cold run (`--timings`).
@main
enum Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == ParseFloor.flag { ParseFloor.run(Array(arguments.dropFirst())) }
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
        let database = option("-p")
        var generated: String?
        if tree == nil {
            let count = Int(option("--generate") ?? "200") ?? 200
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("socksify-bench-\(getpid())").path
            try TreeGenerator.generate(units: count, at: directory)
            tree = directory
            generated = directory
        }
        defer { if let generated { try? FileManager.default.removeItem(atPath: generated) } }
        guard let root = tree else { exit(2) }
        let databaseFile = database.map { $0.hasSuffix(".json") ? $0 : $0 + "/compile_commands.json" } ?? root + "/compile_commands.json"
        guard FileManager.default.fileExists(atPath: databaseFile) else {
            FileHandle.standardError.write(Data("socksify-bench: no compile_commands.json at \(databaseFile) (give -p DB)\n".utf8))
            exit(2)
        }

        let units = try Self.units(database: databaseFile)
        // The same flags the tool derives from each entry (CompileCommand.parseArguments).
        let clangCommands = units.map { unit in
            [clang, "-fsyntax-only", "-w", "-working-directory=\(unit.directory)"] + unit.parseArguments + [unit.file]
        }
        print("tree: \(root) (\(units.count) translation units), jobs: \(jobs), runs: \(runs)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("socksify-bench-cache-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let check = [tool, root, "--jobs", String(jobs), "--quiet", "--format", "json", "--fail-on", "never",
                     "--max-parse-failures", "100"] + (database.map { ["-p", $0] } ?? [])
        // The unit edited in the "one unit changed" rows: in a generated tree a networking unit; in
        // a real tree the unit of median size, as a typical edit would meet (the largest, a 6,000-line
        // parser generator in lighttpd, costs more to parse alone than the row allows).
        let changing = generated != nil ? (units.first { $0.file.contains("net_") }?.file ?? units[0].file) : Self.medianUnit(units.map(\.file))
        print("edited in the one-unit rows: \(changing) (\(Self.lineCount(changing)) lines)")
        let original = try Data(contentsOf: URL(fileURLWithPath: changing))
        defer { try? original.write(to: URL(fileURLWithPath: changing)) }

        let floorCommand = { Measure.batch(clangCommands, parallel: jobs) }
        var rows: [(name: String, pairs: [(tool: Measurement, floor: Measurement)])] = [
            ("cold, default (cache written)", []), ("cold, no prefilter, no cache", []),
            ("cached, nothing changed", []), ("cached, one unit changed (a comment)", []),
            ("cached, one unit changed (new code: its facts change)", []),
        ]
        // What libclang's parse costs by itself, whole and with every body skipped (ParseFloor.swift).
        let floorModes = ParseFloor.Mode.allCases
        for mode in floorModes { rows.append((mode.rowName, [])) }
        // The tools a user would pick instead, when installed: the same units, the same parallelism,
        // rules that find the same UDP sockets and binds before connect (Peers.swift).
        let peers = Peers.commands(files: units.map(\.file), jobs: jobs, scratch: scratch)
        for peer in peers { rows.append((peer.name, [])) }
        var floors: [Measurement] = []
        for run in 0..<runs {
            let cache = scratch + "/run\(run)"
            func paired(_ row: Int, _ command: [String], directory: String? = nil) {
                let floor = floorCommand()
                floors.append(floor)
                rows[row].pairs.append((Measure.batch([command], parallel: 1, directory: directory), floor))
            }
            paired(0, check + ["--cache-dir", cache])
            paired(1, check + ["--no-prefilter", "--no-cache"])
            paired(2, check + ["--cache-dir", cache])
            var edited = original
            edited.append(contentsOf: Array("\n/* edit \(run) \(Date().timeIntervalSince1970) */\n".utf8))
            try? edited.write(to: URL(fileURLWithPath: changing))
            paired(3, check + ["--cache-dir", cache])
            // New code: a function that calls the project (itself), so the unit's facts change and
            // the whole-program phase runs on the cached facts of every other unit.
            edited = original
            edited.append(contentsOf: Array("\nint socksify_bench_edit_\(run)(int n) { return n > 0 ? socksify_bench_edit_\(run)(n - 1) : 0; }\n".utf8))
            try? edited.write(to: URL(fileURLWithPath: changing))
            paired(4, check + ["--cache-dir", cache])
            try? original.write(to: URL(fileURLWithPath: changing))
            for (offset, mode) in floorModes.enumerated() {
                paired(5 + offset, ParseFloor.command(database: databaseFile, mode: mode, jobs: jobs))
            }
            for (offset, peer) in peers.enumerated() {
                paired(5 + floorModes.count + offset, peer.command, directory: peer.directory)
            }
        }
        // Each peer as it ran: its version, its folder and its command line (the files shortened).
        for peer in peers {
            let version = Measure.output(peer.version, standardOutput: true).split(separator: "\n").first.map(String.init) ?? "?"
            let shown = peer.command.prefix { !$0.hasPrefix("/") || !$0.hasSuffix(".c") }
            let files = peer.command.count - shown.count
            print("\(peer.name): \(version); in \(peer.directory ?? ".")")
            print("    " + shown.joined(separator: " ") + (files > 0 ? " <\(files) files>" : ""))
        }
        print("| row | wall s (min / median / max) | CPU s (median) | peak RSS MiB (median) | ratio to F, same run (min / median / max) |")
        print("|---|---|---|---|---|")
        printRow("F: clang -fsyntax-only", floors.map { ($0, $0) })
        for row in rows { printRow(row.name, row.pairs) }

        // Where a cold run's time goes, stage by stage (the whole-program share among them).
        let timings = Measure.output([tool, root, "--timings", "--no-cache", "--jobs", String(jobs), "--format", "json",
                                      "--fail-on", "never", "--max-parse-failures", "100"] + (database.map { ["-p", $0] } ?? []))
        print("\nstages of one cold run without cache:")
        for line in timings.split(separator: "\n") where line.contains("timing:") {
            print("    " + line.replacingOccurrences(of: "socksify-check: timing: ", with: ""))
        }
    }

    /// One entry per C file, the first, as the tool parses them (a file built for a static and a
    /// shared library appears twice).
    static func units(database: String) throws -> [CompileCommand] {
        var seen: Set<String> = []
        return try CompilationDatabase.load(file: database).filter { $0.file.hasSuffix(".c") && seen.insert($0.file).inserted }
    }

    static func printRow(_ name: String, _ pairs: [(tool: Measurement, floor: Measurement)]) {
        let walls = pairs.map(\.tool.wall).sorted()
        let ratios = pairs.map { $0.tool.wall / $0.floor.wall }.sorted()
        print(String(format: "| %@ | %.2f / %.2f / %.2f | %.2f | %.0f | %.3f / %.3f / %.3f |", name as NSString,
                     walls.first!, median(walls), walls.last!, median(pairs.map(\.tool.cpu)),
                     median(pairs.map(\.tool.peakMemoryMB)), ratios.first!, median(ratios), ratios.last!))
        if pairs.contains(where: { $0.tool.status > 1 && $0.tool.status != 5 }) { print("  (\(name): a run exited with an error)") }
    }

    /// The file of median size (bytes), ties broken by path.
    static func medianUnit(_ files: [String]) -> String {
        let sized = files.map { file in
            ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0, file)
        }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return sized[sized.count / 2].1
    }

    static func lineCount(_ file: String) -> Int {
        ((try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
