// swift-tools-version:6.0
// A Swift package with C targets, for socksify-check's SwiftPM plugins: CNet opens a UDP socket
// (the build-tool plugin fails its build, the command plugin reports it); CClean is plain TCP.
// It depends on socksify-check as users do, by URL and version (README's snippet); PluginTests
// copies it and points the URL at a tagged file:// clone of this repository.
import PackageDescription

let package = Package(
    name: "NetDemo",
    dependencies: [
        .package(url: "https://github.com/socksify-check/socksify-check", from: "0.1.0"),
    ],
    targets: [
        .target(
            name: "CNet",
            plugins: [.plugin(name: "SocksifyCheckBuildToolPlugin", package: "socksify-check")]
        ),
        .target(
            name: "CClean",
            plugins: [.plugin(name: "SocksifyCheckBuildToolPlugin", package: "socksify-check")]
        ),
    ]
)
