import ArgumentParser
import Foundation
import SocksifyCheck

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse every C translation unit of a tree with libclang and report each SOCKS hazard.",
        discussion: """
            Compiler flags for every unit may follow `--`, e.g. `socksify-check . -- -DHAVE_CONFIG_H -Iinclude`.

            Exit status: 0 nothing reached --fail-on, 1 a finding did, 2 usage error, 3 the input cannot \
            be analysed (path missing or unreadable, no C sources).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "Source trees or files to check (default: the current directory).")
    var paths: [String] = []

    @Option(name: .customShort("p"), help: ArgumentHelp("Directory holding compile_commands.json.", valueName: "dir"))
    var compileCommandsDirectory: String?

    @Option(name: [.short, .long], help: "Translation units parsed in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("Severities (error, warning, note) and/or rule ids, comma separated.", valueName: "list"))
    var failOn: String = "error"

    @Option(help: "The SOCKS library the build will use: socks4 (the classic v4.2 library) or dante (libsocksd, SOCKS v5).")
    var profile: Profile = .socks4

    @Flag(help: "List each of clang's parse errors under its unit's parse-error note.")
    var showParseErrors = false

    @Option(help: "Color text output: auto (only on a terminal, never with NO_COLOR), always, never.")
    var color: ColorChoice = .auto


    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        do {
            _ = try FailOn(parsing: failOn)
        } catch {
            throw ValidationError("--fail-on: \(error)")
        }
    }

    func run() throws {
        let gate = try FailOn(parsing: failOn)
        let options = ScanOptions(paths: paths, compileCommandsDirectory: compileCommandsDirectory,
                                  extraArguments: CompilerPassthrough.arguments, jobs: jobs, showParseErrors: showParseErrors, profile: profile)
        let result: ScanResult
        do {
            result = try Scanner.scan(options)
        } catch let error as ScanInputError {
            writeError("socksify-check: error: \(error)")
            throw ExitStatus.badInput
        }
        switch format {
        case .text:
            print(TextReporter(useColor: useColor).render(result), terminator: "")
        case .json:
            print(JSONReporter.render(result.report), terminator: "")
        }
        writeError(TextReporter.summary(result.report))
        if result.report.findings.contains(where: gate.fails(on:)) {
            throw ExitStatus.findings
        }
    }

    private var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }
}

extension Profile: ExpressibleByArgument {}
