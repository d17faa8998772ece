package org.chatguard.pipeline.metrics;

import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ACTION;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ALERTS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.DECISIONS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.ENGINE_ERRORS;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.TIER;
import static org.chatguard.pipeline.metrics.ChatGuardMetrics.prometheusName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.rules.ModerationEngine;

/**
 * A matcher that throws, in a running job on a MiniCluster with restarts switched off (so any exception
 * escaping an operator would fail the job): the message is HELD, a moderator is alerted, {@code engineErrors}
 * counts it once, and the job keeps running and moderating.
 */
class FailClosedJobTest {

    private static final int PORT = PrometheusMetricsTest.freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = PrometheusMetricsTest.cluster(PORT);

    static final class Records implements MapFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public RawRecord map(Long i) throws Exception {
            return switch (i.intValue()) {
                case 0 -> PrometheusMetricsTest.Records.msg("chat-messages", "c1", "u-a", "hello everyone");
                case 1 -> PrometheusMetricsTest.Records.msg("chat-messages", "c2", "u-b", "boom goes the matcher");
                case 2 -> PrometheusMetricsTest.Records.msg("chat-messages", "c3", "u-c", "this homework is shit");
                default -> {
                    Thread.sleep(50);
                    yield new RawRecord(PrometheusMetricsTest.IDLE, 0, 0, 0L, null);
                }
            };
        }
    }

    static final ModerateFunction.EngineFactory FAULTY = pack -> ModerationEngine.withProbe(pack, text -> {
        if (text.contains("boom")) {
            throw new IllegalStateException("simulated matcher fault");
        }
    });

    @Test
    void aMatcherFaultIsHeldAlertedCountedAndTheJobRunsOn() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        PrometheusMetricsTest.stateless(env, new Records(), new ModerateFunction(null, null, FAULTY));
        JobClient job = env.executeAsync("fail-closed-test");
        try {
            List<Prometheus.Sample> s = PrometheusMetricsTest.scrapeUntil(PORT,
                    x -> Prometheus.sum(x, prometheusName(ACTION, DECISIONS), null, null) >= 3);
            assertEquals(3, Prometheus.sum(s, prometheusName(ACTION, DECISIONS), null, null), "every message decided");
            assertEquals(1, Prometheus.sum(s, prometheusName(ACTION, DECISIONS), ACTION, "HOLD"));
            assertEquals(1, Prometheus.sum(s, prometheusName(null, ENGINE_ERRORS), null, null));
            assertEquals(1, Prometheus.sum(s, prometheusName(TIER, ALERTS), TIER, "MODERATOR"));
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "no restart and no failure (restarts are off)");
        } finally {
            job.cancel().get();
        }
    }
}
