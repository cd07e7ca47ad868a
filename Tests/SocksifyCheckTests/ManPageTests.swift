import Foundation
import Testing

/// The man page (README: ArgumentParser's generate-manual plugin) renders without mdoc warnings.
/// The plugin builds the whole package in release mode (minutes), too slow for a test; the page is
/// made here the way the plugin makes it, from the same `--experimental-dump-help` description of
/// every command and option and with its escaping, and rendered with `man --warnings -l` (man-db,
/// installed by .ci/install-deps). A blank line in a help text was "Empty input line" there.
@Suite struct ManPageTests {
    struct Command: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var arguments: [Argument]?
        var subcommands: [Command]?
    }

    struct Argument: Decodable {
        var names: [Name]?
        var valueName: String?
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool
    }

    struct Name: Decodable {
        var kind: String
        var name: String
    }

    struct Dump: Decodable {
        var command: Command
    }

    static func dump() throws -> Command {
        let result = try CommandRunner.run(["--experimental-dump-help"])
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Dump.self, from: Data(result.stdout.utf8)).command
    }

    /// generate-manual's escaping of a text line (MDoc/String+Escaping.swift, escapedTextLine):
    /// `\` as `\e`, a leading `.`, `'` or blank guarded by `\&`, and non-ASCII characters dropped.
    static func escapedTextLine(_ text: String) -> String {
        var escaped = ""
        var atBeginning = true
        for character in text where character.isASCII {
            switch (character, atBeginning) {
            case ("\\", _): escaped += "\\e"; atBeginning = false
            case (".", true), ("'", true): escaped += "\\&" + String(character); atBeginning = false
            case (" ", true): escaped += "\\& "
            default: escaped.append(character); atBeginning = false
            }
        }
        return escaped
    }

    /// The page's DESCRIPTION as generate-manual lays it out: a tag list of commands, each with its
    /// abstract, a paragraph break, its discussion, then a tag list of its arguments.
    static func page(_ root: Command) -> String {
        var lines = [".Dd January 1, 2026", ".Dt SOCKSIFY-CHECK 1", ".Os", ".Sh NAME", ".Nm socksify-check",
                     ".Nd " + escapedTextLine(root.abstract ?? ""), ".Sh DESCRIPTION"]
        func describe(_ command: Command) {
            lines.append(".Bl -tag -width 6n")
            for argument in command.arguments ?? [] where argument.shouldDisplay {
                let flags = (argument.names ?? []).map { ($0.kind == "short" ? "Fl " : "Fl -") + $0.name }
                lines.append(".It " + (flags.isEmpty ? "Ar " + (argument.valueName ?? "value") : flags.joined(separator: " , ")))
                if let abstract = argument.abstract, !abstract.isEmpty { lines.append(escapedTextLine(abstract)) }
                if let discussion = argument.discussion, !discussion.isEmpty { lines += [".Pp", escapedTextLine(discussion)] }
            }
            for subcommand in command.subcommands ?? [] {
                lines.append(".It Em " + subcommand.commandName)
                if let abstract = subcommand.abstract { lines.append(escapedTextLine(abstract)) }
                if let discussion = subcommand.discussion, !discussion.isEmpty { lines += [".Pp", escapedTextLine(discussion)] }
                describe(subcommand)
            }
            lines.append(".El")
        }
        describe(root)
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theManPageRendersWithoutWarnings() throws {
        let root = try Self.dump()
        let page = try TemporaryTree(["socksify-check.1": Self.page(root)])
        let man = try shell(["man", "--warnings", "-l", page.path + "/socksify-check.1"], in: page.path,
                            environment: ["MANPAGER": "cat", "MANWIDTH": "100", "LC_ALL": "C.UTF-8"])
        try #require(man.status == 0, "man-db is needed (.ci/install-deps installs it): \(man.stderr)")
        #expect(man.stderr.isEmpty, "mdoc warnings:\n\(man.stderr)")
        #expect(man.stdout.contains("unified diff"), "the adopt discussion is on the page")
    }

    /// What generate-manual silently loses or misreads: a non-ASCII character is dropped, and a
    /// line of a help text that starts with `.` or `'` would be read as a macro.
    @Test func helpTextsSayEverythingTheManPageCanPrint() throws {
        var texts: [(String, String)] = []
        func collect(_ command: Command, _ path: String) {
            texts += [command.abstract, command.discussion].compactMap { $0 }.map { (path, $0) }
            for argument in command.arguments ?? [] {
                texts += [argument.abstract, argument.discussion].compactMap { $0 }.map { (path + " " + (argument.valueName ?? ""), $0) }
            }
            for subcommand in command.subcommands ?? [] { collect(subcommand, path + " " + subcommand.commandName) }
        }
        collect(try Self.dump(), "socksify-check")
        #expect(texts.count > 20)
        for (place, text) in texts {
            #expect(text.allSatisfy { $0.isASCII }, "\(place): non-ASCII is dropped from the man page: \(text)")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
                #expect(!line.trimmingCharacters(in: .whitespaces).isEmpty, "\(place): a blank line is an mdoc warning")
                #expect(!line.hasPrefix(".") && !line.hasPrefix("'") && !line.hasPrefix(" "), "\(place): '\(line)' reads as a macro or a break")
            }
        }
    }
}
