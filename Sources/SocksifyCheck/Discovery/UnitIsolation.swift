/// How a scan isolates the parse of each unit.
public enum UnitIsolation: Sendable, Equatable {
    /// Threads of this process: cheapest, but a unit that exhausts memory or crashes in a way
    /// libclang's recovery does not catch ends the whole run.
    case threads
    /// Worker processes of `executable` (`socksify-check __parse-worker`): a unit costs at most its
    /// own result. `memoryLimit` bounds the address space a unit may add to its worker. The
    /// exchange with each worker runs on Swift's cooperative pool; `scan` keeps its blocking work
    /// on threads of its own, so any task may call it.
    case workerProcesses(executable: String, memoryLimit: UInt64?)
}
