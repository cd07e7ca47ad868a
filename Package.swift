// swift-tools-version:6.0
import PackageDescription

// Debian's libclang-dev (LLVM 14) keeps its headers outside the default include path, and its
// headers include each other as "clang-c/...", so a module map alone cannot find them.
let llvmInclude: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/lib/llvm-14/include"])]

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
    ],
    targets: [
        .systemLibrary(
            name: "CClang",
            path: "Sources/CClang",
            providers: [.apt(["libclang-dev"])]
        ),
        .target(
            name: "ClangSupport",
            dependencies: ["CClang"],
            swiftSettings: llvmInclude
        ),
        .target(
            name: "SocksifyCheck",
            dependencies: ["ClangSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: llvmInclude
        ),
        .executableTarget(
            name: "socksify-check",
            dependencies: [
                "SocksifyCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: llvmInclude
        ),
        .executableTarget(
            name: "socksify-bench",
            dependencies: ["ClangSupport"],
            swiftSettings: llvmInclude
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
        .testTarget(
            name: "SocksifyCheckTests",
            dependencies: [
                "SocksifyCheck",
                "socksify-check",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Goldens"],
            swiftSettings: llvmInclude
        ),
    ],
    swiftLanguageModes: [.v5]
)
