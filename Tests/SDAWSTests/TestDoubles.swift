import Foundation
import SDBasics
import SDTestSupport

@testable import SDAWS

#if canImport(Glibc)
    import Glibc
#endif

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }
    func advance(_ seconds: Double) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }
}

/// Records requested pauses instead of waiting, so retry tests run instantly.
final class RecordingSleeper: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    var pauses: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
    func sleep(_ seconds: Double) async throws {
        lock.withLock { recorded.append(seconds) }
    }
}

/// Collects debug log lines.
final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
    func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }
}

/// A scripted `credential_process`: returns the queued outputs in turn and counts calls.
final class FakeProcessRunner: AWSProcessRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [AWSProcessOutput]
    private(set) var commands: [String] = []
    init(_ outputs: [AWSProcessOutput] = []) { self.outputs = outputs }
    func run(commandLine: String, environment: [String: String]) async throws -> AWSProcessOutput {
        lock.withLock {
            commands.append(commandLine)
            guard !outputs.isEmpty else {
                return AWSProcessOutput(status: 127, stdout: Data(), stderr: Data("no script".utf8))
            }
            return outputs.count == 1 ? outputs[0] : outputs.removeFirst()
        }
    }
    var callCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return commands.count
    }
}

/// Builds runtimes for tests: nothing reads the real environment, disk or clock.
enum TestRuntime {
    static func make(
        environment: [String: String] = [:], files: [String: String] = [:],
        transport: any HTTPTransport = URLSessionTransport(),
        processRunner: any AWSProcessRunner = FakeProcessRunner(), clock: ManualClock? = nil,
        sleeper: RecordingSleeper = RecordingSleeper(), random: Double = 0.5, log: LogSink? = nil
    ) -> AWSRuntime {
        var env = ["HOME": "/home/test", "AWS_EC2_METADATA_DISABLED": "true"]
        env.merge(environment) { _, new in new }
        return AWSRuntime(
            environment: env, fileSystem: MemoryFileSystem(files), transport: transport, processRunner: processRunner,
            now: { clock?.now ?? Date() }, sleep: { try await sleeper.sleep($0) }, random: { random },
            log: { log?.append($0) })
    }
}

/// A loopback port nobody listens on at the moment of asking.
func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// A TCP server on loopback that accepts each connection, reads the request and closes the socket
/// without answering: a dropped connection as a client sees it.
final class DroppingServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var accepted = 0

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        let listening = bound == 0 && listen(fd, 16) == 0
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        guard listening else { throw TestEnvironment.MissingTool(path: "socket") }
    }

    /// Starts accepting on a background thread.
    func start() {
        let thread = Thread { [fd] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                self.lock.lock()
                self.accepted += 1
                self.lock.unlock()
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
                close(client)
            }
        }
        thread.start()
    }

    var connections: Int {
        lock.lock()
        defer { lock.unlock() }
        return accepted
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
