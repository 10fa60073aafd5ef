import Foundation

/// A started program and its pipes: the one way swiftdbt's Foundation-launched children are set up
/// (SDAWS's `credential_process` runner, the fake Athena's Python SQL sidecar). The duckdb CLI is
/// not one of them: it needs `prctl(PR_SET_PDEATHSIG)`, which `Process` cannot give (CSDProcess).
public struct ChildProcess: @unchecked Sendable {
    /// `Process` is used only by its owner after launch; the struct is handed over, not shared.
    public let process: Process
    /// The child's standard input, when it was asked for as a pipe.
    public let stdin: FileHandle?
    public let stdout: FileHandle
    /// The child's standard error, when it was asked for as a pipe (else it is this process's stderr).
    public let stderr: FileHandle?

    /// Starts `executable` with `arguments`. `environment` nil inherits this process's environment;
    /// stdin is a pipe or /dev/null, stderr a pipe or inherited (a sidecar's tracebacks show in the
    /// test log).
    public static func launch(
        executable: String, arguments: [String], environment: [String: String]? = nil, pipeStdin: Bool, pipeStderr: Bool
    ) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = pipeStdin ? Pipe() : nil
        let output = Pipe()
        let error = pipeStderr ? Pipe() : nil
        process.standardInput = input ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error ?? FileHandle.standardError
        try process.run()
        return ChildProcess(
            process: process, stdin: input?.fileHandleForWriting, stdout: output.fileHandleForReading,
            stderr: error?.fileHandleForReading)
    }

    /// Runs to the end with stdin at /dev/null and returns the exit status with everything printed.
    /// Both pipes are drained at once, so a child that fills one while we wait on the other cannot
    /// stall. Blocks the calling thread.
    public static func run(executable: String, arguments: [String], environment: [String: String]? = nil) throws
        -> (status: Int32, stdout: Data, stderr: Data)
    {
        let child = try launch(executable: executable, arguments: arguments, environment: environment, pipeStdin: false, pipeStderr: true)
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = child.stderr?.readDataToEndOfFile() ?? Data()
            group.leave()
        }
        let outData = child.stdout.readDataToEndOfFile()
        group.wait()
        child.process.waitUntilExit()
        return (child.process.terminationStatus, outData, errData)
    }
}
