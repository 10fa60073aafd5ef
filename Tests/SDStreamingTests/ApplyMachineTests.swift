import SDBasics
import Testing

@testable import SDStreaming

/// The apply state machine without any I/O: what it asks for, and how it reacts.
@Suite("apply state machine")
struct ApplyMachineTests {
    static func plan() throws -> StreamingPlan {
        let rtsa = try #require(try Fixtures.rtsa())
        return StreamingPlanner.plan(rtsa, live: [], liveConfigs: [:])
    }

    static let created: KsqlClient.Outcome = .success([["@type": "currentStatus", "commandStatus": ["status": "SUCCESS", "message": "Stream created"]]])

    // docs/streaming.md, apply: one statement at a time; validate before the PUT.
    @Test func stepsInOrder() throws {
        var bag = DiagnosticBag()
        var m = ApplyMachine(plan: try ApplyMachineTests.plan(), allowDestructive: false, diagnostics: &bag)
        guard case .execute(let first) = m.next else { Issue.record("expected a statement"); return }
        #expect(first.object == "TICKS")
        m.receive(.executed(ApplyMachineTests.created))
        guard case .execute(let second) = m.next else { Issue.record("expected a statement"); return }
        #expect(second.object == "TICKS_ENRICHED_V2")
        #expect(second.properties == ["ksql.streams.auto.offset.reset": "earliest"])
        m.receive(.executed(ApplyMachineTests.created))
        #expect(m.next == .validate(connector: "s3-sink-ticks"))
        m.receive(.validated([]))
        #expect(m.next == .put(connector: "s3-sink-ticks"))
        m.receive(.put(status: 201))
        #expect(m.next == .finished(failed: false))
        #expect(m.log == ["create TICKS: Stream created", "create TICKS_ENRICHED_V2: Stream created", "created connector s3-sink-ticks"])
    }

    @Test func validationErrorsStopBeforeThePut() throws {
        var bag = DiagnosticBag()
        var m = ApplyMachine(plan: try ApplyMachineTests.plan(), allowDestructive: false, diagnostics: &bag)
        m.receive(.executed(ApplyMachineTests.created))
        m.receive(.executed(ApplyMachineTests.created))
        m.receive(.validated([ConnectValidationError(key: "flush.size", messages: ["Invalid value x"])]))
        #expect(m.next == .finished(failed: true))
        let text = DiagnosticRenderer().render(m.diagnostics)
        // The flush size is declared at line 68 of streaming/rtsa.yml.
        #expect(text.hasPrefix("streaming/rtsa.yml:68:13: error: Kafka Connect rejects 'flush.size' of connector 's3-sink-ticks': Invalid value x"))
    }

    @Test func aRejectedStatementStopsEverything() throws {
        var bag = DiagnosticBag()
        var m = ApplyMachine(plan: try ApplyMachineTests.plan(), allowDestructive: false, diagnostics: &bag)
        m.receive(.executed(.rejected(code: 40001, message: "boom", statementText: nil)))
        #expect(m.next == .finished(failed: true))
        #expect(m.diagnostics.first?.message == "ksqlDB rejected the statement for 'TICKS' (40001): boom")
    }
}
