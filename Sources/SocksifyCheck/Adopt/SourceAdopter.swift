import ClangSupport
import Foundation
import SocksifyAnalysis

/// Source mode: instead of -D macros that rename every token, rename exactly the uses that resolve
/// to the C library's functions (`connect(` becomes `Rconnect(`; inside the project's own macro
/// bodies where the call is spelled there), add one generated header with the R-functions'
/// prototypes, and include it where needed.
struct SourceAdopter {
    static let headerName = "socksify.h"

    let root: String
    let profile: AdoptProfile
    let insertInit: Bool
    let clangArguments: [String]
    /// The units of the programs being adopted (absolute); nil: every unit of the tree.
    var units: Set<String>? = nil
    /// The units with the configured build's flags (autotools, CMake: the build model), so the
    /// renames follow what the build compiles (`#ifdef IPV6` on); nil: the tree read as `check` does.
    var configuredRequests: [ParseRequest]? = nil

    /// What one unit asks for; units that share a header ask for the same edits, merged later.
    private struct UnitEdits {
        var renames: [FileEdit] = []
        var mainBody: (file: String, insertAt: Int, indent: String, argv: String?)?
    }

    func edits() throws -> [FileEdit] {
        let all = try configuredRequests ?? ProjectTree.discover(ScanOptions(paths: [root], extraArguments: clangArguments)).units
        let wanted = units
        let requests = all.filter { wanted?.contains($0.file) ?? true }
        let results = parallelUnits(requests, jobs: ProcessInfo.processInfo.activeProcessorCount, timedOut: { _ in UnitEdits() }) { request, index in
            (try? index.parse(request)).map(collect) ?? UnitEdits()
        }
        var renames = EditSet()
        results.forEach { renames.add($0.renames) }
        var edits = renames.byFile.values.flatMap { $0 }
        var needsHeader = Set(edits.map(\.path))
        if insertInit, let main = results.compactMap(\.mainBody).first {
            let argument = main.argv.map { "\($0)[0]" } ?? "\"\(root.split(separator: "/").last ?? "program")\""
            edits.append(FileEdit(path: main.file, range: main.insertAt..<main.insertAt,
                                  replacement: "SOCKSinit(\(argument));\n\(main.indent)"))
            needsHeader.insert(main.file)
        }
        guard !needsHeader.isEmpty else { return [] }
        for file in needsHeader.sorted() {
            if let include = includeEdit(for: file, before: edits.filter { $0.path == file }.map(\.range.lowerBound).min() ?? 0) {
                edits.append(include)
            }
        }
        let header = root + "/" + Self.headerName
        let contents = headerText()
        if FileManager.default.contents(atPath: header).map({ [UInt8]($0) }) != Array(contents.utf8) {
            let existing = FileManager.default.contents(atPath: header)?.count ?? 0
            edits.append(FileEdit(path: header, range: 0..<existing, replacement: contents))
        }
        return edits
    }

    private func collect(_ unit: TranslationUnit) -> UnitEdits {
        var result = UnitEdits()
        let names = Set(profile.renamedFunctions)
        // libclang 14 reports a token from a macro body at the macro's use (its "spelling location"
        // is SourceManager::getFileLoc), so a use inside an expansion is renamed in the definition.
        let expansions = unit.cursor.children.filter { $0.kind == .macroExpansion && !$0.isInSystemHeader }
        var sources: [String: [UInt8]] = [:]
        for top in unit.cursor.children where !top.isInSystemHeader {
            top.walk { cursor in
                guard cursor.kind == .declRefExpr, names.contains(cursor.spelling),
                      let declaration = cursor.referenced, declaration.kind == .functionDecl,
                      declaration.definition.map({ $0.isInSystemHeader }) ?? true,
                      let spelled = cursor.spellingLocation, isProjectFile(spelled.file) else { return .into }
                let name = cursor.spelling
                let file = FilePaths.normalize(spelled.file)
                if sources[file] == nil { sources[file] = FileManager.default.contents(atPath: file).map { [UInt8]($0) } ?? [] }
                if Self.token(name, at: spelled.offset, in: sources[file]!) {
                    result.renames.append(rename(name, file: file, offset: spelled.offset))
                } else if let expansion = expansions.first(where: { $0.extent?.contains(spelled) ?? false }),
                          let definition = expansion.referenced {
                    result.renames += definition.tokens.dropFirst().enumerated().compactMap { position, token in
                        guard token.kind == .identifier, token.spelling == name, isProjectFile(token.location.file) else { return nil }
                        let previous = position > 0 ? definition.tokens[position].spelling : ""
                        guard previous != "." && previous != "->" else { return nil }
                        return rename(name, file: FilePaths.normalize(token.location.file), offset: token.location.offset)
                    }
                }
                return .into
            }
            if insertInit, top.kind == .functionDecl, top.spelling == "main", top.isDefinition,
               let location = top.location, isProjectFile(location.file),
               let body = top.children.last(where: { $0.kind == .compoundStmt }) {
                result.mainBody = mainInsertion(main: top, body: body)
            }
        }
        return result
    }

    private func rename(_ name: String, file: String, offset: Int) -> FileEdit {
        FileEdit(path: file, range: offset..<(offset + name.utf8.count), replacement: "R" + name)
    }

    /// True when `name` stands at `offset` as a whole identifier.
    private static func token(_ name: String, at offset: Int, in bytes: [UInt8]) -> Bool {
        let wanted = Array(name.utf8)
        guard offset >= 0, offset + wanted.count <= bytes.count, Array(bytes[offset..<(offset + wanted.count)]) == wanted else { return false }
        func isIdentifier(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122)
        }
        let before = offset > 0 ? bytes[offset - 1] : UInt8(ascii: " ")
        let after = offset + wanted.count < bytes.count ? bytes[offset + wanted.count] : UInt8(ascii: " ")
        return !isIdentifier(before) && !isIdentifier(after)
    }

    /// Before the first statement that is not a declaration, so C89 code stays valid.
    private func mainInsertion(main: Cursor, body: Cursor) -> (file: String, insertAt: Int, indent: String, argv: String?)? {
        var initialized = false
        body.walk { cursor in
            if cursor.kind == .callExpr, cursor.spelling == "SOCKSinit" { initialized = true; return .stop }
            return .into
        }
        // Already there from an earlier adopt: adopting twice changes nothing.
        guard !initialized else { return nil }
        let statements = body.children
        let argv = main.arguments.count >= 2 ? main.arguments[1].spelling : nil
        guard let bodyExtent = body.extent else { return nil }
        let file = FilePaths.normalize(bodyExtent.start.file)
        guard let bytes = FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else { return nil }
        if let first = statements.first(where: { $0.kind != .declStmt }), let start = first.extent?.start {
            var lineStart = start.offset
            while lineStart > 0, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") { lineStart -= 1 }
            let indent = String(decoding: bytes[lineStart..<start.offset], as: UTF8.self)
            return (file, start.offset, indent, argv)
        }
        // Only declarations (or nothing): just before the closing brace.
        let close = bodyExtent.end.offset - 1
        return (file, close, "", argv)
    }

    private func isProjectFile(_ path: String) -> Bool {
        FilePaths.isInside(FilePaths.real(path), directory: root)
    }

    /// `#include "socksify.h"` after the last #include that precedes the first edit, so a config.h that
    /// must come first still does.
    private func includeEdit(for file: String, before firstEdit: Int) -> FileEdit? {
        guard let bytes = FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else { return nil }
        let relative = relativePath(from: FilePaths.parent(of: file), to: root + "/" + Self.headerName)
        let directive = "#include \"\(relative)\""
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains(directive) { return nil }
        var insertAt = 0
        var lineStart = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            guard lineStart < firstEdit else { break }
            let line = String(decoding: bytes[lineStart..<index], as: UTF8.self).trimmed
            if line.hasPrefix("#include") || line.hasPrefix("# include") { insertAt = index + 1 }
            lineStart = index + 1
        }
        return FileEdit(path: file, range: insertAt..<insertAt, replacement: directive + "\n")
    }

    private func relativePath(from directory: String, to path: String) -> String {
        let from = directory.split(separator: "/")
        let to = path.split(separator: "/")
        let common = zip(from, to).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    private func headerText() -> String {
        let prototypes: [String: String] = [
            "connect": "int Rconnect(int, const struct sockaddr *, socklen_t);",
            "bind": "int Rbind(int, const struct sockaddr *, socklen_t);",
            "accept": "int Raccept(int, struct sockaddr *, socklen_t *);",
            "getsockname": "int Rgetsockname(int, struct sockaddr *, socklen_t *);",
            "getpeername": "int Rgetpeername(int, struct sockaddr *, socklen_t *);",
            "listen": "int Rlisten(int, int);",
            "select": "int Rselect(int, fd_set *, fd_set *, fd_set *, struct timeval *);",
            "rcmd": "int Rrcmd(char **, unsigned short, const char *, const char *, const char *, int *);",
            "send": "ssize_t Rsend(int, const void *, size_t, int);",
            "sendto": "ssize_t Rsendto(int, const void *, size_t, int, const struct sockaddr *, socklen_t);",
            "sendmsg": "ssize_t Rsendmsg(int, const struct msghdr *, int);",
            "recv": "ssize_t Rrecv(int, void *, size_t, int);",
            "recvfrom": "ssize_t Rrecvfrom(int, void *, size_t, int, struct sockaddr *, socklen_t *);",
            "recvmsg": "ssize_t Rrecvmsg(int, struct msghdr *, int);",
        ]
        let lines = [
            "/* Generated by socksify-check adopt --source --profile \(profile.profile.rawValue): the SOCKS library's",
            " * versions of the socket calls this project makes. Link with \(profile.linkFlag). */",
            "#ifndef SOCKSIFY_CHECK_SOCKSIFY_H",
            "#define SOCKSIFY_CHECK_SOCKSIFY_H",
            "",
            "#include <sys/types.h>",
            "#include <sys/socket.h>",
            "#include <sys/select.h>",
            "#include <sys/time.h>",
            "",
            "int SOCKSinit(char *);",
        ] + profile.renamedFunctions.compactMap { prototypes[$0] } + ["", "#endif", ""]
        return lines.joined(separator: "\n")
    }
}
