import ArgumentParser
import ClangSupport
import Foundation
import SocksifyCheck

@main
enum Main {
    static func main() async {
        do {
            // Everything after `--` goes to clang, as with clang-tidy. ArgumentParser cannot take a
            // passthrough list after a variadic PATH list, so split it off here.
            let arguments = Array(CommandLine.arguments.dropFirst())
            // A parse worker of a running check (hidden: the tool starts these itself).
            if arguments.first == ParseWorker.subcommand { ParseWorker.main(arguments: Array(arguments.dropFirst())) }
            // The version, then the libclang a run would use (first line as before, for scripts).
            if arguments == ["--version"] {
                print(SocksifyCheckCommand.configuration.version)
                do {
                    let loaded = try LibClang.load()
                    print("libclang: \(loaded.version) (\(loaded.path))")
                } catch {
                    print("libclang: none: \(error)")
                }
                exit(0)
            }
            let terminator = arguments.firstIndex(of: "--") ?? arguments.endIndex
            CompilerPassthrough.arguments = Array(arguments[terminator...].dropFirst())
            var command = try SocksifyCheckCommand.parseAsRoot(Array(arguments[..<terminator]))
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let outcome as Outcome {
            if let message = outcome.message { writeError("socksify-check: error: " + message) }
            exit(outcome.status.rawValue)
        } catch let status as ExitCode {
            exit(status.rawValue)
        } catch {
            // ArgumentParser's own usage errors exit 64; ours is 2, like most compilers and linters,
            // and they read like ours: `socksify-check: error: ...`, then the usage lines.
            let code = SocksifyCheckCommand.exitCode(for: error)
            let message = SocksifyCheckCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            writeError(ErrorStyle.ours(message))
            exit(ExitStatus.usage.rawValue)
        }
    }
}

struct SocksifyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socksify-check",
        abstract: "Find the code that breaks when a C program is SOCKSified (rebuilt against a SOCKS library).",
        version: "0.1.0",
        subcommands: [CheckCommand.self, AdoptCommand.self, SurveyCommand.self, SurveyReportCommand.self, RulesCommand.self, ExplainCommand.self],
        defaultSubcommand: CheckCommand.self
    )
}

func writeError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Loads libclang before anything parses (--libclang, SOCKSIFY_LIBCLANG, or the newest found): a
/// missing or unusable one is exit status 3, with what to install.
func loadLibClang(_ path: String?) throws {
    do {
        try LibClang.load(path: path)
    } catch {
        throw Outcome(ExitStatus.badInput, "\(error)")
    }
}

/// The flags given after `--`.
enum CompilerPassthrough {
    nonisolated(unsafe) static var arguments: [String] = []
}

/// One error style for every message: ArgumentParser writes `Error: ...`, the tool
/// `socksify-check: error: ...` (as clang and its tools do).
enum ErrorStyle {
    static func ours(_ message: String) -> String {
        guard message.hasPrefix("Error: ") else { return message }
        return "socksify-check: error: " + message.dropFirst("Error: ".count)
    }
}
