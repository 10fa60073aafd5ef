import Foundation
import SDBasics
import SDFakeStreaming
import Testing

@testable import SDStreaming

/// ksqlDB keeps its formatter's rewrite of a statement, not the text sent (SqlFormatter.java,
/// ExpressionFormatter.java; SHOW QUERIES example in docs.ksqldb.io show-queries.md; ksql#9570).
/// Plans must compare meaning, and a query changed by hand on the server must still show.
@Suite("streaming plan against a server that rewrites statements")
struct ServerRewriteTests {
    static let declared = """
        SELECT SYMBOL,
               AS_VALUE(SYMBOL)  AS SYMBOL_V,
               PRICE * VOLUME    AS NOTIONAL,
               FROM_UNIXTIME(TS) AS TICK_TIME
        FROM TICKS
        WHERE PRICE > 0 AND EXCHANGE <> 'OTC'
        EMIT CHANGES
        """
    /// What SHOW QUERIES returns for `declared` (qualified, no AS, aliased source, parenthesized).
    static let rewritten = """
        CREATE STREAM OUT WITH (KAFKA_TOPIC='out', KEY_FORMAT='KAFKA', PARTITIONS=3, REPLICAS=1, VALUE_FORMAT='AVRO') AS SELECT
          TICKS.SYMBOL SYMBOL,
          AS_VALUE(TICKS.SYMBOL) SYMBOL_V,
          (TICKS.PRICE * TICKS.VOLUME) NOTIONAL,
          FROM_UNIXTIME(TICKS.TS) TICK_TIME
        FROM TICKS TICKS
        WHERE ((TICKS.PRICE > 0) AND (TICKS.EXCHANGE <> 'OTC'))
        EMIT CHANGES;
        """

    @Test func theFormattersRewriteMeansTheSameQuery() throws {
        let a = try #require(KsqlQueryShape.canonical(ServerRewriteTests.declared))
        let b = try #require(KsqlQueryShape.canonical(ServerRewriteTests.rewritten))
        #expect(a == b)
        #expect(
            a == "SELECT SYMBOL SYMBOL, AS_VALUE(SYMBOL) SYMBOL_V, (PRICE * VOLUME) NOTIONAL, FROM_UNIXTIME(TS) TICK_TIME FROM TICKS "
                + "WHERE ((PRICE > 0) AND (EXCHANGE <> 'OTC')) EMIT CHANGES")
    }

    // Precedence, not parentheses, decides meaning: `A + B * C` is `A + (B * C)`, `(A + B) * C` is not.
    @Test(arguments: [
        ("SELECT A + B * C AS X FROM S EMIT CHANGES", "SELECT (S.A + (S.B * S.C)) X FROM S S EMIT CHANGES;", true),
        ("SELECT (A + B) * C AS X FROM S EMIT CHANGES", "SELECT (S.A + (S.B * S.C)) X FROM S S EMIT CHANGES;", false),
        ("SELECT A FROM S WHERE B = 'x' EMIT CHANGES", "SELECT S.A A FROM S S WHERE (S.B = 'X') EMIT CHANGES;", false),
        ("select a from s where not b or c emit changes", "SELECT S.A A FROM S S WHERE ((NOT S.B) OR S.C) EMIT CHANGES;", true),
        ("SELECT A AS B FROM S EMIT CHANGES", "SELECT S.A A FROM S S EMIT CHANGES;", false),
        ("SELECT ADDRESS->STREET FROM S EMIT CHANGES", "SELECT S.ADDRESS->STREET STREET FROM S S EMIT CHANGES;", true),
        (
            "SELECT CAST(A AS VARCHAR) AS T, CASE WHEN A IS NULL THEN 0 ELSE 1 END AS F FROM S EMIT CHANGES",
            "SELECT CAST(S.A AS STRING) T, CASE WHEN (S.A IS NULL) THEN 0 ELSE 1 END F FROM S S EMIT CHANGES;", true
        ),
        (
            "SELECT L.A, R.B FROM S L JOIN T R WITHIN 1 HOUR ON L.K = R.K EMIT CHANGES",
            "SELECT S.A A, T.B B FROM S S INNER JOIN T T WITHIN 1 HOUR ON ((S.K = T.K)) EMIT CHANGES;", true
        ),
    ])
    func structuralComparison(declared: String, live: String, same: Bool) {
        #expect(StreamingPlanner.sameQuery(declared, live) == same)
    }

    static func project() throws -> StreamingProject {
        try #require(try Fixtures.rtsa())
    }

    // Done-when of issue 13: a second apply against a server that rewrites as ksqlDB does changes nothing.
    @Test func secondApplyAgainstARewritingServerChangesNothing() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try ServerRewriteTests.project()
            let first = try await session.apply(rtsa, allowDestructive: false)
            #expect(!first.failed, "\(first.diagnostics)")
            // The fake keeps the rewrite, as the real server does; the text sent is not what comes back.
            let kept = try #require(server.ksql { $0.sources["TICKS_ENRICHED_V2"]?.statement })
            #expect(kept.contains("AS_VALUE(TICKS.SYMBOL) SYMBOL_V,\n  TICKS.PRICE PRICE,"))
            #expect(kept.contains("(TICKS.PRICE * TICKS.VOLUME) NOTIONAL"))
            #expect(kept.contains("\nFROM TICKS TICKS\nEMIT CHANGES;"))
            #expect(
                kept.hasPrefix(
                    "CREATE STREAM TICKS_ENRICHED_V2 WITH (KAFKA_TOPIC='ticks_enriched_v2', KEY_FORMAT='KAFKA', PARTITIONS=3, "
                        + "REPLICAS=1, VALUE_FORMAT='AVRO') AS SELECT\n"))

            let sentBefore = server.ksql { $0.received.count }
            let second = try await session.apply(rtsa, allowDestructive: false)
            #expect(second.plan.sources.map(\.action) == [.unchanged, .unchanged])
            #expect(second.plan.connectors.map(\.action) == [.unchanged])
            #expect(server.ksql { $0.received.dropFirst(sentBefore).allSatisfy { $0.statement.hasPrefix("LIST") } })
            #expect(server.ksql { $0.sources["TICKS_ENRICHED_V2"]?.queryId } == "CSAS_TICKS_ENRICHED_V2_1", "the query was not restarted")
        }
    }

    // A query replaced by hand on the server (outside swiftdbt) is drift: plan shows it.
    @Test func aQueryEditedByHandShowsAsDrift() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try ServerRewriteTests.project()
            _ = try await session.apply(rtsa, allowDestructive: false)
            let (status, _) = server.ksql {
                $0.handle(
                    ksql: """
                        CREATE OR REPLACE STREAM TICKS_ENRICHED_V2 WITH (KAFKA_TOPIC='ticks_enriched_v2', VALUE_FORMAT='AVRO', PARTITIONS=3) AS
                        SELECT SYMBOL, AS_VALUE(SYMBOL) AS SYMBOL_V, PRICE, VOLUME, PRICE * VOLUME AS NOTIONAL, EXCHANGE, TS,
                               FROM_UNIXTIME(TS) AS TICK_TIME
                        FROM TICKS WHERE EXCHANGE <> 'OTC' EMIT CHANGES;
                        """, properties: [:])
            }
            #expect(status == 200)
            let plan = try await session.plan(rtsa)
            #expect(plan.sources[1].action == .replace(reasons: ["query changed (CSAS_TICKS_ENRICHED_V2_1 keeps its offsets)"]))
            #expect(plan.rendered().contains("  ~ replace stream TICKS_ENRICHED_V2 in place (streaming/rtsa.yml:"))
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(!result.failed, "\(result.diagnostics)")
            #expect(try await session.plan(rtsa).hasChanges == false, "apply restored the declared query")
        }
    }
}
