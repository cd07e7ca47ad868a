import Foundation

/// `survey-report --html`: one self-contained page (inline CSS, JavaScript and SVG; nothing
/// fetched), readable without JavaScript, whose table sorts on a click of a header. `#sort=KEY`
/// or `#sort=KEY-desc` in the address sorts on load the way a click does, which is also how the
/// browser test drives the script.
public enum SurveyHTML {
    /// `sourceURL`: a pattern with `{tree}` (the tree as surveyed), `{name}`, `{path}` (relative to the
    /// tree) and `{line}`, such as `https://sources.debian.org/src/{name}/{path}#L{line}`.
    public static func render(_ report: SurveyReport, sourceURL: String? = nil) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>socksify-check survey: \(report.totals.trees) tree\(report.totals.trees == 1 ? "" : "s")</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>SOCKS readiness survey</h1>
            <p class="meta">socksify-check \(escape(report.tool)); options: \(escape(report.options.map(describe).joined(separator: " | ")))</p>

            """
        page += totals(report)
        page += "<h2>Verdicts</h2>\n" + barChart(id: "verdict-chart", SurveyVerdict.allCases.map { ($0.rawValue, report.totals.verdicts[$0.rawValue] ?? 0, color($0)) })
        let rules = report.totals.findingsByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        page += "<h2>Findings by rule</h2>\n"
        page += rules.isEmpty ? "<p>No findings.</p>\n" : barChart(id: "rule-chart", rules.map { ($0.key, $0.value, "#5b7db1") })
        page += programTable(report, sourceURL: sourceURL)
        page += lists(report)
        page += "<script>\(script)</script>\n</body>\n</html>\n"
        return page
    }

    private static func describe(_ options: SurveyOptions) -> String {
        var words = ["--profile \(options.profile.rawValue)"]
        if let library = options.library { words.append("--library \(library)") }
        if options.configure { words.append("--configure") }
        words += options.configureArguments.map { "--configure-arg=\($0)" }
        return words.joined(separator: " ")
    }

    private static func totals(_ report: SurveyReport) -> String {
        let t = report.totals
        let cells: [(String, String)] = [
            ("trees", "\(t.trees)"), ("analysed", "\(t.analysedTrees)"), ("failed", "\(t.failedTrees)"),
            ("incomplete", "\(t.incompleteTrees)"), ("programs", "\(t.programs)"), ("units", "\(t.translationUnits)"),
            ("unparsed units", "\(t.unparsedUnits)"), ("findings", "\(t.findings)"),
        ] + (report.timings.map { [("seconds, all trees", String(format: "%.1f", $0.totalSeconds))] } ?? [])
        return "<h2>Totals</h2>\n<dl id=\"totals\">" + cells.map { "<div><dt>\(escape($0.0))</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>\n"
    }

    /// Horizontal bars, one per label, scaled to the largest count.
    private static func barChart(id: String, _ bars: [(label: String, count: Int, color: String)]) -> String {
        let height = 22, labelWidth = 190, width = 640
        let largest = max(1, bars.map(\.count).max() ?? 1)
        var svg = "<svg id=\"\(id)\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(bars.count * height + 4)\" role=\"img\" aria-label=\"\(id == "verdict-chart" ? "programs by verdict" : "findings by rule")\">\n"
        for (index, bar) in bars.enumerated() {
            let y = index * height + 2
            let length = bar.count == 0 ? 0 : max(2, bar.count * (width - labelWidth - 60) / largest)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(height - 6)\" fill=\"\(bar.color)\"><title>\(escape(bar.label)): \(bar.count)</title></rect>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\">\(bar.count)</text>\n"
        }
        return svg + "</svg>\n"
    }

    private static func color(_ verdict: SurveyVerdict) -> String {
        switch verdict {
        case .ready: "#2e8b57"
        case .readyAfterAdopt: "#6cbf6c"
        case .needsSourceChanges: "#e0a030"
        case .notSocksifiable: "#c0504d"
        case .noNetwork: "#9aa5b1"
        case .notAnalysed: "#6b4c9a"
        }
    }

    private static func programTable(_ report: SurveyReport, sourceURL: String?) -> String {
        let times = Dictionary(report.timings?.trees.map { ($0.tree, $0.seconds) } ?? []) { a, _ in a }
        var html = "<h2>Trees and programs</h2>\n<p class=\"hint\">Click a column header to sort; again to reverse.</p>\n"
        html += "<table id=\"programs\">\n<thead><tr>"
        var columns = [("tree", "text", "Tree"), ("program", "text", "Program"), ("role", "text", "Role"),
                       ("verdict", "number", "Verdict"), ("hazards", "number", "Hazards"), ("parsed", "number", "Parsed %")]
        if report.timings != nil { columns.append(("seconds", "number", "Seconds")) }
        html += columns.map { "<th data-key=\"\($0.0)\" data-type=\"\($0.1)\" aria-sort=\"none\">\($0.2)</th>" }.joined()
        html += "<th>Why</th></tr></thead>\n<tbody>\n"
        for tree in report.trees {
            for program in tree.programs {
                let hazards = program.findings.filter { tree.findings[$0].severity >= .warning }
                var row = "<tr data-tree=\"\(escape(tree.tree))\" data-program=\"\(escape(program.name))\" data-role=\"\(escape(program.role))\""
                // Verdicts sort in their own order (ready first, not-analysed last), not alphabetically.
                let rank = SurveyVerdict.allCases.firstIndex(of: program.verdict) ?? 0
                row += " data-verdict=\"\(rank)\" data-verdict-name=\"\(program.verdict.rawValue)\" data-hazards=\"\(hazards.count)\" data-parsed=\"\(tree.parsedPercent)\""
                if let seconds = times[tree.tree] { row += " data-seconds=\"\(seconds)\"" }
                row += ">"
                row += "<td>\(escape(tree.tree))</td><td>\(escape(program.name))</td><td>\(escape(program.role))</td>"
                row += "<td><span class=\"verdict\" style=\"background:\(color(program.verdict))\">\(program.verdict.rawValue)</span></td>"
                row += "<td>\(hazards.count)</td><td>\(tree.parsedPercent)</td>"
                if let seconds = times[tree.tree] { row += "<td>\(seconds)</td>" }
                row += "<td>\(escape(program.reason))"
                if !hazards.isEmpty {
                    row += "<details><summary>hazards</summary><ul>"
                    for index in hazards {
                        let finding = tree.findings[index]
                        let place = "\(escape(finding.path)):\(finding.line)"
                        if let sourceURL {
                            row += "<li><a href=\"\(escape(Self.link(sourceURL, tree: tree, finding: finding)))\">\(place)</a>"
                        } else {
                            row += "<li>" + place
                        }
                        row += " <code>\(escape(finding.rule))</code> \(escape(finding.message))</li>"
                    }
                    row += "</ul></details>"
                }
                html += row + "</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    static func link(_ pattern: String, tree: SurveyReport.Tree, finding: SurveyReport.ReportFinding) -> String {
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? text }
        return pattern.replacingOccurrences(of: "{tree}", with: encode(tree.tree))
            .replacingOccurrences(of: "{name}", with: encode(tree.name))
            .replacingOccurrences(of: "{path}", with: encode(finding.path))
            .replacingOccurrences(of: "{line}", with: "\(finding.line)")
    }

    private static func lists(_ report: SurveyReport) -> String {
        var html = ""
        if let timings = report.timings, !timings.slowest.isEmpty {
            html += "<h2>Slowest trees</h2>\n<ol id=\"slowest\">" + timings.slowest.map { "<li>\(escape($0.tree)): \($0.seconds) s</li>" }.joined() + "</ol>\n"
        }
        if !report.leastParsed.isEmpty {
            html += "<h2>Least parsed trees</h2>\n<ol id=\"least-parsed\">" + report.leastParsed.map {
                "<li>\(escape($0.tree)): \($0.parsedPercent)% of \($0.translationUnits) unit\($0.translationUnits == 1 ? "" : "s") parsed</li>"
            }.joined() + "</ol>\n"
        }
        let unanalysed = report.trees.filter { $0.failure != nil || $0.incomplete != nil }
        if !unanalysed.isEmpty {
            html += "<h2>Trees not analysed</h2>\n<ul id=\"not-analysed\">" + unanalysed.map {
                "<li>\(escape($0.tree)): \(escape($0.failure ?? $0.incomplete ?? ""))</li>"
            }.joined() + "</ul>\n"
        }
        return html
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    private static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
        h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}.meta,.hint{color:#666}
        #totals{display:flex;flex-wrap:wrap;gap:.6em}#totals div{border:1px solid #ddd;border-radius:4px;padding:.3em .8em}
        #totals dt{font-size:.8em;color:#666}#totals dd{margin:0;font-size:1.3em;font-weight:600}
        .chart text{font-size:12px;fill:#333}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e4e4e4;padding:.3em .5em;text-align:left;vertical-align:top}
        th[data-key]{cursor:pointer;user-select:none;background:#f4f4f4}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
        .verdict{color:#fff;border-radius:3px;padding:0 .4em;white-space:nowrap}code{background:#f4f4f4;padding:0 .2em}
        details ul{margin:.3em 0;padding-left:1.2em}
        """

    /// Sorts the table by a header's column: text or numbers, ties by tree then program, so the
    /// order is the same in every browser. Marks the table with the column it is sorted by.
    private static let script = """
        (function () {
          var table = document.getElementById("programs");
          if (!table) return;
          var body = table.tBodies[0];
          function value(row, key, type) {
            var text = row.getAttribute("data-" + key) || "";
            return type === "number" ? parseFloat(text) || 0 : text;
          }
          function sortBy(header, descending) {
            var key = header.getAttribute("data-key"), type = header.getAttribute("data-type");
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = value(a, key, type), y = value(b, key, type);
              var order = x < y ? -1 : x > y ? 1 : 0;
              if (descending) order = -order;
              if (order === 0) {
                var ta = a.getAttribute("data-tree") + "\\u0000" + a.getAttribute("data-program");
                var tb = b.getAttribute("data-tree") + "\\u0000" + b.getAttribute("data-program");
                order = ta < tb ? -1 : ta > tb ? 1 : 0;
              }
              return order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
              if (cell.hasAttribute("data-key")) cell.setAttribute("aria-sort", "none");
            });
            header.setAttribute("aria-sort", descending ? "descending" : "ascending");
            table.setAttribute("data-sorted-by", key + (descending ? "-desc" : ""));
          }
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
            if (!header.hasAttribute("data-key")) return;
            header.addEventListener("click", function () {
              sortBy(header, header.getAttribute("aria-sort") === "ascending");
            });
          });
          var wanted = /sort=([a-z]+)(-desc)?/.exec(location.hash);
          var header = table.querySelector("th[data-key='" + (wanted ? wanted[1] : "tree") + "']");
          if (header) {
            header.click();
            if (wanted && wanted[2]) header.click();
          }
        })();
        """
}
