/// How a scan isolates the parse of each unit.
public enum UnitIsolation: Sendable, Equatable {
    /// Threads of this process: cheapest, but a unit that exhausts memory or crashes in a way
    /// libclang's recovery does not catch ends the whole run.
    case threads
    /// Worker processes of `executable` (`socksify-check __parse-worker`): a unit costs at most its
    /// own result. `memoryLimit` bounds the address space a unit may add to its worker. The
    /// exchange with each worker runs on Swift's cooperative pool while a scan thread waits for
    /// it: call `scan` from a plain thread (as the command line does), not from a task that, with
    /// others like it, could occupy every thread of that pool.
    case workerProcesses(executable: String, memoryLimit: UInt64?)
}
