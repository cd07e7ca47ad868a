// swift-tools-version:6.0
// A Swift package with C targets, for socksify-check's SwiftPM plugins: CNet opens a UDP socket
// (the build-tool plugin fails its build, the command plugin reports it); CClean is plain TCP.
import PackageDescription

let package = Package(
    name: "NetDemo",
    dependencies: [
        .package(name: "socksify-check", path: "../.."),
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
