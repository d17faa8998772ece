package org.chatguard.pipeline;

import java.time.Duration;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.chatguard.connectors.kafka.KafkaIo;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAction;
import org.chatguard.model.ShadowDiff;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.functions.ConversationRiskFunction;
import org.chatguard.pipeline.functions.SenderRiskFunction;
import org.chatguard.pipeline.functions.StaffActionParseFunction;
import org.chatguard.pipeline.functions.StaffActionWatermarks;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.functions.DecideFunction;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.functions.ParseFunction;
import org.chatguard.pipeline.functions.RulePackValidateFunction;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RecordTypes;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.pipeline.records.SenderInput;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.SplitWords;

/**
 * The ChatGuard topology. It takes its sources and sinks as arguments so that the CLI wires Kafka and
 * tests can wire whatever they need; every operator has a name (for the UI and metrics) and a stable
 * uid (so savepoints restore after the job graph changes).
 *
 * <pre>
 *  kafka-input ─► parse ─► event-time ─keyBy(sender)─► sender-risk ─keyBy(conversation)─► conversation-risk ─► decisions-sink
 *                  │                    ▲      ▲ (moderate, split words,   ▲ (alerts, mutes)  └─► alerts-sink
 *  rule-updates ─► validate-rules ──────┼──────┘  user risk; broadcast)    │
 *  staff-actions ► parse-staff-actions ─┘ (block/unblock, by userId) ──keyBy(conversationId)─┘
 *                  │  (all parse failures) ─────────────────────────────────────────────────► dead-letter-sink
 *                  sender-risk ─(shadow run: the candidate pack's differences)─────────────► shadow-diffs-sink
 * </pre>
 * A message crosses two network exchanges, the two keyBys; parse and event-time are chained to the source.
 * With scoring disabled, {@code parse ─► moderate ─► decide} (per message, stateless) replaces the keyed stages.
 */
public final class ChatGuardJob {

    // named classes rather than lambdas: key selectors are part of the savepoint-compatible job graph
    private static final KeySelector<SenderInput, String> SENDER = new KeySelector<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SenderInput in) {
            return in.userId();
        }
    };
    private static final KeySelector<Assessed, String> CONVERSATION = new KeySelector<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Assessed a) {
            return a.message().conversationId();
        }
    };

    /**
     * Network buffer timeout when the environment sets none: how long a partly filled buffer may wait before it
     * goes downstream. Flink's default (100 ms) is paid at each of the job's exchanges (parse -> moderate and the
     * two keyBy stages) whenever traffic is too light to fill buffers, i.e. most of the time a site is not at
     * peak; at full load buffers fill long before either timeout. Set {@code execution.buffer-timeout.interval}
     * (or {@code env.setBufferTimeout}) to override.
     */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(10);

    private ChatGuardJob() {
    }

    /**
     * Event time is the site's {@code sentAt}. Watermarks trail it by the allowed out-of-orderness; an idle
     * input (no traffic on some partitions) must not hold event time back.
     */
    static WatermarkStrategy<ChatMessage> messageWatermarks(Duration maxOutOfOrderness) {
        return WatermarkStrategy.<ChatMessage>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((m, ts) -> m.sentAt() == null ? ts : m.sentAt().toEpochMilli())
                .withIdleness(Duration.ofMinutes(1));
    }

    /** The job wired to Kafka: the input topics, the rule-updates and staff-actions topics and the three output topics. */
    public static void buildKafka(StreamExecutionEnvironment env, KafkaSettings kafka, JobConfig cfg) {
        build(env, KafkaIo.rawSource(kafka, cfg.topics().inputs()),
                KafkaIo.ruleUpdatesSource(kafka, cfg.topics().ruleUpdates()),
                KafkaIo.staffActionsSource(kafka, cfg.topics().staffActions()), JobSinks.kafka(kafka, cfg), cfg);
    }

    /**
     * A stream with no elements, for inputs a deployment does not wire. Flink's collection sources refuse
     * to be empty, so this filters out the single element of a one-element sequence.
     */
    static <T> DataStream<T> empty(StreamExecutionEnvironment env, TypeInformation<T> type, String name) {
        return env.fromSequence(0, 0).name(name).uid(name)
                .filter(new NoneFilter()).name(name + "-none").uid(name + "-none")
                .map(new NeverMap<T>()).returns(type).name(name + "-typed").uid(name + "-typed");
    }

    private static final class ToSenderInput implements org.apache.flink.api.common.functions.MapFunction<ChatMessage, SenderInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public SenderInput map(ChatMessage m) {
            return SenderInput.of(m);
        }
    }

    private static final class ActionToSenderInput implements org.apache.flink.api.common.functions.MapFunction<StaffAction, SenderInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public SenderInput map(StaffAction a) {
            return SenderInput.of(a);
        }
    }

    private static final class NoneFilter implements org.apache.flink.api.common.functions.FilterFunction<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(Long value) {
            return false;
        }
    }

    private static final class NeverMap<T> implements org.apache.flink.api.common.functions.MapFunction<Long, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public T map(Long value) {
            throw new IllegalStateException("unreachable: the stream is empty");
        }
    }

    /** Without live rule updates (the rule pack of {@code cfg} only). */
    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, JobSinks sinks, JobConfig cfg) {
        build(env, source, null, sinks, cfg);
    }

    /**
     * @param ruleUpdates rule packs published at run time, or {@code null} for none
     */
    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
                             Source<RawRecord, ?, ?> ruleUpdates, JobSinks sinks, JobConfig cfg) {
        build(env, source, ruleUpdates, null, sinks, cfg);
    }

    /**
     * @param ruleUpdates  rule packs published at run time, or {@code null} for none
     * @param staffActions staff actions (blocks, alert resolutions, mutes), or {@code null} for none
     */
    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
                             Source<RawRecord, ?, ?> ruleUpdates, Source<RawRecord, ?, ?> staffActions,
                             JobSinks sinks, JobConfig cfg) {
        // Keyed risk state lives in RocksDB by default: it grows with users and conversations, not memory.
        env.configure(cfg.scoring().flinkConfiguration());
        // Operators never mutate or keep their inputs (immutable records), so chained operators can hand
        // objects over without the defensive copy Flink makes otherwise.
        env.getConfig().enableObjectReuse();
        if (env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()) {
            env.setBufferTimeout(DEFAULT_BUFFER_TIMEOUT.toMillis());
        }

        SingleOutputStreamOperator<ChatMessage> messages = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-input")
                .uid("kafka-input")
                .process(new ParseFunction(cfg.topics(), cfg.parser()))
                .returns(RecordTypes.CHAT_MESSAGE)
                .name("parse").uid("parse");
        DataStream<DeadLetter> deadLetters = messages.getSideOutput(ParseFunction.DEAD_LETTERS);

        BroadcastStream<RulePackUpdate> broadcast;
        if (ruleUpdates == null) {
            // no rule stream: an empty one keeps the same operators (and their broadcast state) in both cases
            broadcast = empty(env, TypeInformation.of(RulePackUpdate.class), "no-rule-updates").broadcast(ModerateFunction.RULE_PACK);
        } else {
            SingleOutputStreamOperator<RulePackUpdate> packs = env
                    .fromSource(ruleUpdates, WatermarkStrategy.noWatermarks(), "rule-updates")
                    .uid("rule-updates").setParallelism(1)
                    .process(new RulePackValidateFunction())
                    .name("validate-rules").uid("validate-rules").setParallelism(1);
            deadLetters = deadLetters.union(packs.getSideOutput(ParseFunction.DEAD_LETTERS));
            broadcast = packs.broadcast(ModerateFunction.RULE_PACK);
        }

        SingleOutputStreamOperator<Decision> decisions;
        DataStream<StaffAlert> alerts;
        DataStream<ShadowDiff> shadowDiffs;
        if (cfg.scoring().enabled()) {
            DataStream<StaffAction> userActions;
            DataStream<StaffAction> conversationActions;
            if (staffActions == null) {
                userActions = empty(env, TypeInformation.of(StaffAction.class), "no-user-actions");
                conversationActions = empty(env, TypeInformation.of(StaffAction.class), "no-conversation-actions");
            } else {
                SingleOutputStreamOperator<StaffAction> parsed = env
                        .fromSource(staffActions, StaffActionWatermarks.strategy(), "staff-actions").uid("staff-actions")
                        .process(new StaffActionParseFunction()).name("parse-staff-actions").uid("parse-staff-actions");
                userActions = parsed;
                conversationActions = parsed.getSideOutput(StaffActionParseFunction.CONVERSATION_ACTIONS);
                deadLetters = deadLetters.union(parsed.getSideOutput(ParseFunction.DEAD_LETTERS));
            }
            RiskConfig risk = cfg.scoring().risk();
            // One keyBy by sender for moderation, split words and user risk (chained after parse: no exchange before
            // it); staff actions on users join the same stream, keyed by the user they name.
            DataStream<SenderInput> senderInputs = messages
                    .assignTimestampsAndWatermarks(messageWatermarks(cfg.scoring().maxOutOfOrderness()))
                    .name("event-time").uid("event-time")
                    .map(new ToSenderInput()).name("messages-by-sender").uid("messages-by-sender")
                    .union(userActions.map(new ActionToSenderInput()).name("user-actions-by-user").uid("user-actions-by-user"));
            SingleOutputStreamOperator<Assessed> assessed = senderInputs
                    .keyBy(SENDER)
                    .connect(broadcast)
                    .process(new SenderRiskFunction(cfg.rulePackSource(), cfg.rulePackContent(), cfg.modelPolicy(), risk,
                            cfg.scoring().trust(), SplitWords.Config.defaults()))
                    // uid of the user stage it replaced: a savepoint from before restores blocks and trust into it
                    // (the old moderate stage's broadcast state does not map: see README "Upgrading")
                    .name("sender-risk").uid("user-risk");
            shadowDiffs = assessed.getSideOutput(ModerateFunction.SHADOW_DIFFS);
            decisions = assessed
                    .keyBy(CONVERSATION)
                    .connect(conversationActions.keyBy(StaffAction::conversationId))
                    .process(new ConversationRiskFunction(risk, cfg.scoring().staffing(), cfg.scoring().pileOn(), cfg.scoring().conversationSignals()))
                    .name("conversation-risk").uid("conversation-risk");
            alerts = decisions.getSideOutput(ConversationRiskFunction.ALERTS);
        } else {
            // parse -> moderate is a network exchange here (moderate has the broadcast rule pack as a second input)
            SingleOutputStreamOperator<Moderated> moderated = messages.connect(broadcast)
                    .process(new ModerateFunction(cfg.rulePackSource(), cfg.rulePackContent(), cfg.modelPolicy()))
                    .name("moderate").uid("moderate");
            shadowDiffs = moderated.getSideOutput(ModerateFunction.SHADOW_DIFFS);
            decisions = moderated
                    .process(new DecideFunction(cfg.scoring().staffing()))
                    .name("decide").uid("decide");
            alerts = decisions.getSideOutput(DecideFunction.ALERTS);
        }

        decisions.sinkTo(sinks.decisions()).name("decisions-sink").uid("decisions-sink");
        alerts.sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");
        deadLetters.sinkTo(sinks.deadLetters()).name("dead-letter-sink").uid("dead-letter-sink");
        // a shadow run's differences (nothing flows while no candidate pack runs)
        if (sinks.shadowDiffs() != null) {
            shadowDiffs.sinkTo(sinks.shadowDiffs())
                    .name("shadow-diffs-sink").uid("shadow-diffs-sink");
        }
    }
}
