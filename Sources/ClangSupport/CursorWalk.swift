import CClang

extension Cursor {
    public enum WalkStep: Sendable {
        /// Visit this cursor's children next.
        case into
        /// Skip this cursor's children, go on with its siblings.
        case over
        case stop
    }

    /// Visits every descendant in source order in one libclang traversal, which is far cheaper than
    /// asking each node for its children.
    public func walk(_ body: (Cursor) -> WalkStep) {
        walkWithParent { cursor, _ in body(cursor) }
    }

    /// `walk`, also giving each cursor's parent (libclang hands it to the visitor anyway).
    public func walkWithParent(_ body: (_ cursor: Cursor, _ parent: Cursor) -> WalkStep) {
        withoutActuallyEscaping(body) { body in
            var context = WalkContext(unit: unit, body: body)
            withUnsafeMutablePointer(to: &context) { pointer in
                _ = clang_visitChildren(raw, { child, parent, data in
                    let context = data!.assumingMemoryBound(to: WalkContext.self)
                    let unit = context.pointee.unit
                    switch context.pointee.body(Cursor(raw: child, unit: unit), Cursor(raw: parent, unit: unit)) {
                    case .into: return CXChildVisit_Recurse
                    case .over: return CXChildVisit_Continue
                    case .stop: return CXChildVisit_Break
                    }
                }, pointer)
            }
        }
    }
}

private struct WalkContext {
    let unit: TranslationUnit
    let body: (Cursor, Cursor) -> Cursor.WalkStep
}
