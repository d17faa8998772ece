package org.chatguard.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.functions.ParseFunction;

/**
 * The ChatGuard topology. It takes its source and sinks as arguments so that the CLI wires Kafka and
 * tests can wire whatever they need; every operator has a name (for the UI and metrics) and a stable
 * uid (so savepoints restore after the job graph changes).
 *
 * <pre>
 *  kafka-input ─► parse ─► moderate ─► decisions-sink
 *                  │          └──────► alerts-sink      (side output)
 *                  └─────────────────► dead-letter-sink (side output)
 * </pre>
 */
public final class ChatGuardJob {

    private ChatGuardJob() {
    }

    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, JobSinks sinks, JobConfig cfg) {
        // Operators never mutate or keep their inputs (immutable records), so chained operators can hand
        // objects over without the defensive copy Flink makes otherwise.
        env.getConfig().enableObjectReuse();

        DataStream<RawRecord> raw = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-input")
                .uid("kafka-input");

        SingleOutputStreamOperator<ChatMessage> messages = raw
                .process(new ParseFunction(cfg.topics(), cfg.parser()))
                .name("parse").uid("parse");

        SingleOutputStreamOperator<Decision> decisions = messages
                .process(new ModerateFunction(cfg.rulePackSource(), cfg.rulePackContent()))
                .name("moderate").uid("moderate");

        DataStream<StaffAlert> alerts = decisions.getSideOutput(ModerateFunction.ALERTS);
        DataStream<DeadLetter> deadLetters = messages.getSideOutput(ParseFunction.DEAD_LETTERS);

        decisions.sinkTo(sinks.decisions()).name("decisions-sink").uid("decisions-sink");
        alerts.sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");
        deadLetters.sinkTo(sinks.deadLetters()).name("dead-letter-sink").uid("dead-letter-sink");
    }
}
