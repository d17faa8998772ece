package org.chatguard.pipeline.functions;

import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.connectors.kafka.DeadLetters;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.DeadLetter;
import org.chatguard.pipeline.metrics.ParseMetrics;

/**
 * Parses and validates input records. Anything that is not a valid message becomes a dead letter with
 * a reason, on a side output: one bad record must never fail the job or hold up the good ones.
 */
public final class ParseFunction extends ProcessFunction<RawRecord, ChatMessage> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
        private static final long serialVersionUID = 1L;
    };

    private final Topics topics;
    private final MessageParser parser;
    private transient ParseMetrics metrics;

    public ParseFunction(Topics topics, MessageParser parser) {
        this.topics = topics;
        this.parser = parser;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new ParseMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ChatMessage> out) {
        MessageParser.Result r;
        try {
            r = parser.parse(raw.value(), topics.kindOf(raw.topic()));
        } catch (RuntimeException e) {
            // The parser is meant to turn every input into a result; if it ever throws, the record still
            // must not take the job down. The exception text is not used: it may quote content.
            r = new MessageParser.Result(null, "parser failure: " + e.getClass().getSimpleName());
        }
        if (r.ok()) {
            metrics.messageIn(r.message().kind());
            out.collect(r.message());
        } else {
            metrics.deadLetter(r.error());
            ctx.output(DEAD_LETTERS, DeadLetters.of(raw, r.error(), Instant.now()));
        }
    }
}
