/// Where a scan's result cache lives and whether it can be written: the cache's knowledge, kept
/// beside the cache (Performance may see Discovery's options; Discovery never sees the cache).
extension ScanOptions {
    /// Where this run keeps its result cache for a tree rooted at `root` (nil: no cache).
    public func cacheLocation(root: String) -> String? {
        cacheDirectory ?? (cacheUnderRoot ? root + "/" + UnitCache.defaultDirectoryName : nil)
    }

    /// Why the result cache for a tree rooted at `root` cannot be written (nil: it can, or there is
    /// none). A scan without a writable cache still runs, only slower: worth one note, not an error.
    public func cacheWriteProblem(root: String) -> String? {
        guard let directory = cacheLocation(root: root), let problem = UnitCache.writeProblem(directory) else { return nil }
        return "\(directory): \(problem)"
    }
}
