import FlyingSocks

/// A response body that fails on its first read: FlyingFox has written the status line and
/// headers, then closes the connection, so the client sees the response cut off.
struct FakeDroppedBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    struct Dropped: Error {}

    struct AsyncIterator: AsyncBufferedIteratorProtocol {
        mutating func next() async throws -> UInt8? { throw Dropped() }
        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? { throw Dropped() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}
