import ClangSupport
import Foundation
import SocksifyAnalysis

/// What parsing one unit yields, wherever it was parsed: its facts (its headers' parts still in
/// them), whether libclang gave up on it, the files it included. A unit whose parser was lost (a
/// worker that crashed, ran out of memory or overran the timeout) has one parse problem naming the
/// cause and `lost` set: its result says nothing about the file, so it is never kept for a re-run.
struct UnitExtraction: Sendable {
    var facts: UnitFacts
    var unparsable: Bool
    var included: [String]
    var lost = false

    /// A unit that could not be analysed, for `reason`.
    static func lost(_ request: ParseRequest, reason: String) -> UnitExtraction {
        var facts = UnitFacts(file: request.file)
        facts.parseErrors = [ParseProblem(message: reason, location: nil)]
        return UnitExtraction(facts: facts, unparsable: true, included: [], lost: true)
    }

    /// Why a unit that overran `--unit-timeout` has no facts (a thread abandoned, a worker killed).
    static func timedOutReason(_ timeout: TimeInterval?) -> String {
        "parsing took longer than \(timeout.map { String(Int($0)) } ?? "?") s (--unit-timeout); not analysed"
    }

    /// Parses and extracts on the calling thread, with `index`; with `memo`, sharing the functions
    /// of project headers with the units parsed before (HeaderFunctionMemo).
    static func extract(_ request: ParseRequest, index: ClangIndex, memo: HeaderFunctionMemo? = nil) -> UnitExtraction {
        do {
            if let memo {
                let session = memo.session(for: request)
                let unsaved = memo.unsavedFiles(session)
                if let unit = try? index.parse(request, unsavedFiles: unsaved) {
                    let topLevel = unit.cursor.children
                    if let facts = FactExtractor(unit: unit, file: request.file, topLevel: topLevel).extract(sharing: session) {
                        let included = unit.includedFiles(topLevel: topLevel)
                        // The unit's own file (first) aside: an edit there must not unsettle what was shared.
                        memo.record(included: Array(included.dropFirst()), in: session)
                        return UnitExtraction(facts: facts, unparsable: false, included: included)
                    }
                }
                // A blanked body that means something else in this unit (or a parse that failed):
                // parse it as it is on disk.
            }
            let unit = try index.parse(request)
            // Every top-level cursor once: the extractor's passes and the include list share them.
            let topLevel = unit.cursor.children
            return UnitExtraction(facts: FactExtractor(unit: unit, file: request.file, topLevel: topLevel).extract(),
                                  unparsable: false, included: unit.includedFiles(topLevel: topLevel))
        } catch {
            let reason = switch error as? ParseFailure {
            case .crashed: "libclang crashed while parsing this file"
            case .invalidArguments: "libclang rejected the compiler arguments for this file"
            default: "libclang could not parse this file"
            }
            // libclang's own answer about the file: unlike a lost unit, a result to keep.
            return UnitExtraction(facts: lost(request, reason: reason).facts, unparsable: true, included: [])
        }
    }
}

/// The messages between the tool and a parse worker, in the facts file's form (string table,
/// varints), each sent as a 4-byte little-endian length and that many bytes:
///
///     request  := "SXQ1" strings file varint(argumentCount) argument* optional(workingDirectory)
///     response := "SXA1" strings bool(unparsable) varint(includedCount) included* facts
enum WorkerMessage {
    static let requestMagic: [UInt8] = Array("SXQ1".utf8)
    static let responseMagic: [UInt8] = Array("SXA1".utf8)

    static func request(_ request: ParseRequest) -> [UInt8] {
        var writer = FactsWriter(magic: requestMagic)
        writer.string(request.file)
        writer.list(request.arguments) { $0.string($1) }
        writer.optional(request.workingDirectory) { $0.string($1) }
        return [UInt8](writer.data)
    }

    static func request(from bytes: [UInt8]) throws -> ParseRequest {
        let reader = try FactsReader(bytes, magic: requestMagic)
        let request = ParseRequest(file: try reader.string(), arguments: try reader.list { try reader.string() },
                                   workingDirectory: try reader.optional { try reader.string() })
        guard reader.atEnd else { throw FactsReader.Corrupt(reason: "bytes after the request") }
        return request
    }

    static func response(_ extraction: UnitExtraction) -> [UInt8] {
        var writer = FactsWriter(magic: responseMagic)
        writer.bool(extraction.unparsable)
        writer.list(extraction.included) { $0.string($1) }
        writer.facts(extraction.facts)
        return [UInt8](writer.data)
    }

    static func response(from bytes: [UInt8]) throws -> UnitExtraction {
        let reader = try FactsReader(bytes, magic: responseMagic)
        let unparsable = try reader.bool()
        let included = try reader.list { try reader.string() }
        let facts = try reader.facts()
        guard reader.atEnd else { throw FactsReader.Corrupt(reason: "bytes after the response") }
        return UnitExtraction(facts: facts, unparsable: unparsable, included: included)
    }

    /// `payload` with its length in front.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        let count = UInt32(payload.count)
        return [UInt8(count & 0xff), UInt8(count >> 8 & 0xff), UInt8(count >> 16 & 0xff), UInt8(count >> 24)] + payload
    }

    /// The length a frame's first four bytes give.
    static func length(_ header: some Collection<UInt8>) -> Int {
        header.reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
