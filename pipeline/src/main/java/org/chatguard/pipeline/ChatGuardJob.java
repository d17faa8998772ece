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
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.functions.ConversationRiskFunction;
import org.chatguard.pipeline.functions.SplitWordsFunction;
import org.chatguard.pipeline.functions.StaffActionParseFunction;
import org.chatguard.pipeline.functions.StaffActionWatermarks;
import org.chatguard.pipeline.functions.UserRiskFunction;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.functions.DecideFunction;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.functions.ParseFunction;
import org.chatguard.pipeline.functions.RulePackValidateFunction;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RecordTypes;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.SplitWords;

/**
 * The ChatGuard topology. It takes its sources and sinks as arguments so that the CLI wires Kafka and
 * tests can wire whatever they need; every operator has a name (for the UI and metrics) and a stable
 * uid (so savepoints restore after the job graph changes).
 *
 * <pre>
 *  kafka-input ──► parse ──► moderate ─keyBy(sender+conversation)─► split-words ──► event-time ─keyBy(sender)─► user-risk ─keyBy(conversation)─► conversation-risk ──► decisions-sink
 *                   │          ▲                                        ▲ (block/unblock)               ▲ (alerts, mutes)   └──► alerts-sink
 *  rule-updates ──► validate-rules (broadcast)                          │                               │
 *  staff-actions ─► parse-staff-actions ─keyBy(userId)──────────────────┘ ──keyBy(conversationId)───────┘
 *                   │          │                   (all parse failures) ────────────────────────────────────────► dead-letter-sink
 *                   moderate ─(shadow run: candidate pack's differences)─────────────────────────────────────────► shadow-diffs-sink
 * </pre>
 * With scoring disabled, {@code moderate ──► decide} (per message, stateless) replaces the keyed stages.
 */
public final class ChatGuardJob {

    // named classes rather than lambdas: key selectors are part of the savepoint-compatible job graph
    private static final KeySelector<Moderated, String> SENDER = new KeySelector<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Moderated m) {
            return m.message().senderId();
        }
    };
    private static final KeySelector<Moderated, String> SENDER_CONVERSATION = new KeySelector<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Moderated m) {
            return SplitWords.key(m.message());
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
    static WatermarkStrategy<Moderated> messageWatermarks(Duration maxOutOfOrderness) {
        return WatermarkStrategy.<Moderated>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((m, ts) -> m.message().sentAt() == null ? ts : m.message().sentAt().toEpochMilli())
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
                // parse -> moderate is a network exchange (moderate has the broadcast rule pack as a second input)
                .returns(RecordTypes.CHAT_MESSAGE)
                .name("parse").uid("parse");
        DataStream<DeadLetter> deadLetters = messages.getSideOutput(ParseFunction.DEAD_LETTERS);

        ModerateFunction moderate = new ModerateFunction(cfg.rulePackSource(), cfg.rulePackContent());
        SingleOutputStreamOperator<Moderated> moderated;
        BroadcastStream<RulePackUpdate> broadcast;
        if (ruleUpdates == null) {
            // no rule stream: an empty one keeps a single moderate operator (and its broadcast state) in both cases
            broadcast = empty(env, TypeInformation.of(RulePackUpdate.class), "no-rule-updates").broadcast(ModerateFunction.RULE_PACK);
            moderated = messages.connect(broadcast).process(moderate).name("moderate").uid("moderate");
        } else {
            SingleOutputStreamOperator<RulePackUpdate> packs = env
                    .fromSource(ruleUpdates, WatermarkStrategy.noWatermarks(), "rule-updates")
                    .uid("rule-updates").setParallelism(1)
                    .process(new RulePackValidateFunction())
                    .name("validate-rules").uid("validate-rules").setParallelism(1);
            deadLetters = deadLetters.union(packs.getSideOutput(ParseFunction.DEAD_LETTERS));
            broadcast = packs.broadcast(ModerateFunction.RULE_PACK);
            moderated = messages.connect(broadcast).process(moderate).name("moderate").uid("moderate");
        }

        SingleOutputStreamOperator<Decision> decisions;
        DataStream<StaffAlert> alerts;
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
            // words split across a sender's short messages: keyed by sender and conversation, live pack broadcast
            SingleOutputStreamOperator<Moderated> joined = moderated
                    .keyBy(SENDER_CONVERSATION)
                    .connect(broadcast)
                    .process(new SplitWordsFunction(cfg.rulePackSource(), cfg.rulePackContent(), SplitWords.Config.defaults()))
                    .name("split-words").uid("split-words");
            SingleOutputStreamOperator<Assessed> assessed = joined
                    .assignTimestampsAndWatermarks(messageWatermarks(cfg.scoring().maxOutOfOrderness()))
                    .name("event-time").uid("event-time")
                    .keyBy(SENDER)
                    .connect(userActions.keyBy(StaffAction::userId))
                    .process(new UserRiskFunction(risk, cfg.scoring().trust()))
                    .name("user-risk").uid("user-risk");
            decisions = assessed
                    .keyBy(CONVERSATION)
                    .connect(conversationActions.keyBy(StaffAction::conversationId))
                    .process(new ConversationRiskFunction(risk, cfg.scoring().staffing(), cfg.scoring().pileOn()))
                    .name("conversation-risk").uid("conversation-risk");
            alerts = decisions.getSideOutput(ConversationRiskFunction.ALERTS);
        } else {
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
            moderated.getSideOutput(ModerateFunction.SHADOW_DIFFS).sinkTo(sinks.shadowDiffs())
                    .name("shadow-diffs-sink").uid("shadow-diffs-sink");
        }
    }
}
