import Foundation
import Yams
import SocksifyAnalysis

/// `.socksify-check.yml`: the settings a team keeps with its tree. Every key and rule id is checked;
/// a mistake is an error naming the file, the line and the valid choices.
public struct Configuration: Equatable, Sendable {
    public static let fileName = ".socksify-check.yml"

    public var profile: Profile?
    public var library: String?
    public var failOn: FailOn?
    public var maxParseFailures: Double?
    public var exclude: [String] = []
    public var clangArgs: [String] = []
    public var rules: [String: RuleSetting] = [:]

    public init() {}

    /// The configuration at `explicit`, else `.socksify-check.yml` in `root` when there is one.
    public static func locate(explicit: String?, root: String) throws -> Configuration? {
        if let explicit { return try load(explicit) }
        let implicit = root + "/" + fileName
        return FileManager.default.fileExists(atPath: implicit) ? try load(implicit) : nil
    }

    public static func load(_ path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(path: path, line: nil, message: "cannot be read")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) throws -> Configuration {
        var configuration = Configuration()
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(path: path, line: nil, message: "not valid YAML: \(error)")
        }
        guard let root else { return configuration }
        guard let mapping = root.mapping else {
            throw ConfigurationError(path: path, line: root.line, message: "expected a mapping of settings")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            func fail(_ message: String, _ node: Node = value) -> ConfigurationError {
                ConfigurationError(path: path, line: node.line, message: "\(key): \(message)")
            }
            guard let setting = Setting(rawValue: key) else {
                throw ConfigurationError(path: path, line: keyNode.line,
                                         message: "unknown key '\(key)'\(Suggestion.phrase(for: key, among: Setting.allCases.map(\.rawValue))); valid keys: \(Setting.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            switch setting {
            case .profile:
                guard let name = value.string, let profile = Profile(rawValue: name) else {
                    throw fail("expected one of \(Profile.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.profile = profile
            case .library:
                guard let name = value.string, Profile.isValidLibraryName(name) else { throw fail("expected a library name such as socksd") }
                configuration.library = name
            case .failOn:
                let text = value.sequence.map { $0.compactMap(\.string).joined(separator: ",") } ?? value.string ?? ""
                do {
                    configuration.failOn = try FailOn(parsing: text)
                } catch {
                    throw fail("\(error)")
                }
            case .exclude, .clangArgs:
                let items = value.sequence?.map(\.string) ?? [value.string]
                guard !items.contains(where: { $0 == nil }) else { throw fail("expected a list of strings") }
                if setting == .exclude { configuration.exclude = items.compactMap { $0 } } else { configuration.clangArgs = items.compactMap { $0 } }
            case .maxParseFailures:
                guard let number = value.string.flatMap(Double.init), (0...100).contains(number) else {
                    throw fail("expected a percentage from 0 to 100")
                }
                configuration.maxParseFailures = number
            case .rules:
                guard let rules = value.mapping else { throw fail("expected a mapping of rule ids to off, note, warning or error") }
                for (ruleNode, settingNode) in rules {
                    let rule = ruleNode.string ?? ""
                    guard RuleRegistry.ids.contains(rule) else {
                        throw ConfigurationError(path: path, line: ruleNode.line,
                                                 message: "rules: \(Suggestion.unknownRule(rule))")
                    }
                    guard let choice = settingNode.string.flatMap(RuleSetting.init(rawValue:)) else {
                        throw ConfigurationError(path: path, line: settingNode.line,
                                                 message: "rules: \(rule): expected one of \(RuleSetting.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    configuration.rules[rule] = choice
                }
            }
        }
        return configuration
    }
}

public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

extension Node {
    /// 1-based, as editors count.
    var line: Int? { mark.map { $0.line } }
}
