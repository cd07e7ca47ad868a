import Foundation

/// Blocking work (threads joined, semaphores waited on) started from async code without holding a
/// thread of Swift's cooperative pool while it runs: the work gets a thread of its own and the
/// calling task suspends until it ends.
enum OffPool {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            // Resolution recurses over call chains and the reporters over nested notes: room to
            // spare (address space only; pages are used as touched).
            thread.stackSize = 64 << 20
            thread.start()
        }
    }
}
