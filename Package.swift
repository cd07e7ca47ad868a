// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "socksify-check",
    products: [
        .executable(name: "socksify-check", targets: ["socksify-check"]),
        .library(name: "SocksifyCheck", targets: ["SocksifyCheck"]),
        .plugin(name: "SocksifyCheckCommandPlugin", targets: ["SocksifyCheckCommandPlugin"]),
        .plugin(name: "SocksifyCheckBuildToolPlugin", targets: ["SocksifyCheckBuildToolPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // CClang declares the libclang functions it needs itself (include/libclang.h) and reaches
        // them through pointers into the libclang it loads at run time (loader.c): building needs no
        // libclang, running needs any of libclang 14 to 20 (Debian: libclang1-14, or libclang-dev).
        .target(
            name: "CClang",
            path: "Sources/CClang",
            // dlopen is in libc from glibc 2.34; older ones keep it in libdl.
            linkerSettings: [.linkedLibrary("dl")]
        ),
        // Places in source files: the vocabulary shared by the libclang side and the analysis.
        .target(name: "SocksifySource"),
        // The only module that touches libclang's C API.
        .target(
            name: "ClangSupport",
            dependencies: ["CClang", "SocksifySource"]
        ),
        // Everything that works on facts: the facts model, whole-program resolution and the rules.
        // It cannot see libclang, so the compiler keeps extraction (in SocksifyCheck) apart from it.
        .target(
            name: "SocksifyAnalysis",
            dependencies: ["SocksifySource"]
        ),
        .target(
            name: "SocksifyCheck",
            dependencies: [
                "ClangSupport", "SocksifyAnalysis",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "socksify-check",
            dependencies: [
                "SocksifyCheck",
                "SocksifyAnalysis",
                "ClangSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "socksify-bench",
            dependencies: ["ClangSupport"]
        ),
        .plugin(
            name: "SocksifyCheckCommandPlugin",
            capability: .command(
                intent: .custom(verb: "socksify-check", description: "Check the package's C targets for SOCKS hazards")
            ),
            dependencies: ["socksify-check"]
        ),
        .plugin(
            name: "SocksifyCheckBuildToolPlugin",
            capability: .buildTool(),
            dependencies: ["socksify-check"]
        ),
        // Resolution and rules over facts written by hand: needs no libclang, and cannot reach it.
        .testTarget(
            name: "SocksifyAnalysisTests",
            dependencies: ["SocksifyAnalysis", "SocksifySource"]
        ),
        .testTarget(
            name: "SocksifyCheckTests",
            dependencies: [
                "SocksifyCheck",
                "SocksifyAnalysis",
                "socksify-check",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Goldens", "Schemas"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
