import Testing
@testable import SocksifyCheck

/// Where a missing generated header is looked for: the include folders a unit's command names.
@Suite struct GeneratedHeadersTests {
    @Test func includeFoldersAreAbsoluteInBothSpellings() {
        let folders = GeneratedHeaders.includeFolders(["-DX=1", "-I.", "-I", "../lib", "-iquote", "include", "-isystem", "/usr/include/x", "-Iabs/../dir"],
                                                      directory: "/copy/src")
        #expect(folders == ["/copy/src", "/copy/lib", "/copy/src/include", "/copy/src/dir"], "-isystem folders are the system's: not asked")
    }
}
