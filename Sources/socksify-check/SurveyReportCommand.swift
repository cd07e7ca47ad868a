import ArgumentParser
import Foundation
import SocksifyCheck

struct SurveyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey-report",
        abstract: "Merge the result folders of a survey (its shards, from any machines) into one report: JSON, HTML, SARIF per tree.",
        // Paragraphs one line apart, never a blank line (ManPageTests).
        discussion: """
            Reads every result in each DIR (one per tree; a tree in several folders counts once, the latest \
            result) and gives each program the build links a verdict: ready (a client with no hazard, its build \
            SOCKSified already), ready-after-adopt, needs-source-changes (with the findings), not-socksifiable \
            (a server, UDP or raw only), no-network, or not-analysed (with the reason: a tree that could not be \
            read, or whose units did not parse well enough, is never counted as ready). Trees are sorted by path, \
            so the JSON is byte-identical however the survey was sharded, once the `timings` member (the only part \
            that depends on when and where trees ran) is removed, or left out with --no-timings. With no --json, \
            --html or --sarif-dir the JSON goes to stdout.
            Exit status: 0 done, 2 usage error, 3 a folder or a result in it cannot be read, or no folder holds \
            a result (the report of the others is still written), 4 a file asked for cannot be written.
            """
    )

    @Argument(help: "Result folders written by `survey --output`.", completion: .directory)
    var folders: [String] = []

    @Option(help: ArgumentHelp("Write the JSON report to this file.", valueName: "file"), completion: .file())
    var json: String?

    @Option(help: ArgumentHelp("Write the HTML page (one self-contained file) to this file.", valueName: "file"), completion: .file())
    var html: String?

    @Option(help: ArgumentHelp("Write one SARIF log per analysed tree into this folder.", valueName: "dir"), completion: .directory)
    var sarifDir: String?

    @Option(help: ArgumentHelp("Link each finding on the page to its source: a URL with {tree}, {name}, {path} and {line}, e.g. 'https://sources.debian.org/src/{name}/{path}#L{line}'.", valueName: "pattern"))
    var sourceURL: String?

    @Flag(help: "Leave out the timings (the only part of the report that differs between two surveys of the same trees).")
    var noTimings = false

    func validate() throws {
        if folders.isEmpty { throw ValidationError("name at least one result folder (survey --output DIR)") }
        if let sourceURL, !(sourceURL.hasPrefix("https://") || sourceURL.hasPrefix("http://")) || !sourceURL.contains("{path}") {
            throw ValidationError("--source-url: '\(sourceURL)' is not an http(s) URL pattern with {path} (and {line})")
        }
    }

    func run() throws {
        let (results, problems) = SurveyReport.results(in: folders)
        for problem in problems { writeError("socksify-check: warning: \(problem)") }
        let report = SurveyReport(results: results, timings: !noTimings)
        do {
            if let json { try OutputFile.write(report.json(), to: json) }
            if let html { try OutputFile.write(Array(SurveyHTML.render(report, sourceURL: sourceURL).utf8), to: html) }
        } catch {
            throw Outcome(ExitStatus.writeFailed, "\(error)")
        }
        if let sarifDir {
            do {
                try FileManager.default.createDirectory(atPath: sarifDir, withIntermediateDirectories: true)
            } catch {
                throw Outcome(ExitStatus.writeFailed, "\(sarifDir): cannot be made a folder: \(PlainError.describe(error))")
            }
            for result in results where result.failure == nil {
                let name = SurveyTree.resultFileName(result.tree).replacingOccurrences(of: ".json", with: ".sarif")
                do {
                    try OutputFile.write(Array(SurveyReport.sarif(result).utf8), to: sarifDir + "/" + name)
                } catch {
                    throw Outcome(ExitStatus.writeFailed, "\(error)")
                }
            }
        }
        if json == nil && html == nil && sarifDir == nil {
            FileHandle.standardOutput.write(report.json())
        }
        let verdicts = SurveyVerdict.allCases.map { "\(report.totals.verdicts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        writeError("socksify-check: survey-report: \(report.totals.trees) tree\(report.totals.trees == 1 ? "" : "s") "
            + "(\(report.totals.failedTrees) not analysed, \(report.totals.incompleteTrees) incomplete), "
            + "\(report.totals.programs) program\(report.totals.programs == 1 ? "" : "s"): \(verdicts)")
        if results.isEmpty {
            throw Outcome(ExitStatus.badInput, "no survey result in \(folders.joined(separator: ", "))")
        }
        if !problems.isEmpty { throw Outcome(ExitStatus.badInput) }
    }
}
