import Foundation

/// `--shard K/N`: which trees of a survey this run takes. A tree belongs to shard
/// `1 + hash(path) mod N`, with the stable FNV-1a hash of its path as given (normalised), so every
/// machine, engine and run splits the same list the same way, whatever order the trees are named
/// in and however many other trees the list holds.
public struct SurveyShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based, as GNU parallel's `{}` and a workflow matrix count.
    public var index: Int
    public var count: Int

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `K/N` with K from 1 to N.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            throw ParseError(description: "expected K/N with K from 1 to N (such as 1/4), not '\(text)'")
        }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard (1...count) that `tree` falls in.
    public static func shard(of tree: String, count: Int) -> Int {
        Int(StableHash.fnv1a(SurveyTree.key(tree).utf8) % UInt64(count)) + 1
    }

    public func contains(_ tree: String) -> Bool {
        Self.shard(of: tree, count: count) == index
    }
}

/// How a survey names a tree: the path as given, normalised, so that `a/b/`, `./a/b` and `a//b`
/// are one tree, its shard and its result file the same on every machine that names it so.
public enum SurveyTree {
    public static func key(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The tree's name for people: its last component (`netcat-1.10`).
    public static func name(_ path: String) -> String {
        let key = key(path)
        if key == "." || key == "/" { return FilePaths.real(path).split(separator: "/").last.map(String.init) ?? key }
        return key.split(separator: "/").last.map(String.init) ?? key
    }

    /// The result file's name in the output folder: the name (for people) and the stable hash of
    /// the key (unique per tree).
    public static func resultFileName(_ path: String) -> String {
        let safe = String(name(path).unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        }.prefix(60))
        return "\(safe)-\(StableHash.hex(key(path))).json"
    }
}
