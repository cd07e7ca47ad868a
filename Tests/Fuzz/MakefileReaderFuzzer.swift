// libFuzzer harness for the Makefile reader: every byte string must read without a crash, a trap or
// a hang, and everything derived from it (variables, recipe commands, subdirectories) must work.
// Built with the reader's own sources by .ci/fuzz: swiftc -sanitize=fuzzer,address.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMakefileReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let syntax = MakefileSyntax(bytes: bytes)
    let variables = MakeVariables(syntax.assignments)
    for assignment in syntax.assignments {
        precondition(assignment.range.lowerBound >= 0 && assignment.range.upperBound <= bytes.count)
        _ = variables.expand(assignment.value)
    }
    for rule in syntax.rules {
        precondition(rule.range.upperBound <= bytes.count)
        for target in rule.targets + rule.prerequisites { _ = variables.expand(target) }
        for line in rule.recipe {
            let command = RecipeCommand(line, variables: variables)
            for word in command.words {
                // Every recipe position maps back into the file: edits land where they belong.
                precondition(line.fileOffset(word.range.upperBound) <= bytes.count)
                _ = command.isInput(word, variables: variables, prerequisites: rule.prerequisites)
            }
            _ = (command.compiles, command.links, command.runsMake)
        }
    }
    return 0
}
