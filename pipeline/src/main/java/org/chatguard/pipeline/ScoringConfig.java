package org.chatguard.pipeline;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.risk.PileOn;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.TrustConfig;

/**
 * Stateful conversation-risk scoring and the state it needs.
 *
 * @param enabled           run the keyed user/conversation stages; off = the stateless per-message decider
 * @param risk              scoring tuning, TTLs
 * @param maxOutOfOrderness watermark lag behind the newest {@code sentAt}; later messages are still moderated
 *                          (never dropped), only counted as late
 * @param stateBackend      {@code rocksdb} (default: state larger than memory, incremental checkpoints) or {@code hashmap}
 * @param checkpointDir     durable checkpoint location (e.g. {@code s3://...}, {@code file:///...}); {@code null} =
 *                          whatever the cluster configures (the JobManager's memory when nothing is)
 * @param staffing          staffed hours, acknowledgement deadlines per tier, the support shown to a child asking for
 *                          help (stateful and stateless)
 * @param trust             how a user's history changes thresholds ({@link TrustConfig})
 * @param pileOn            how many senders within what window make a pile-on ({@link PileOn.Config})
 * @param conversationSignals run the conversation-level signals (conversation model, credible threats, goodbyes;
 *                          {@link org.chatguard.rules.risk.ConversationSignals}) in the conversation stage, as
 *                          {@code classify --stateful} does; off: {@code --no-conversation-signals}
 */
public record ScoringConfig(boolean enabled, RiskConfig risk, Duration maxOutOfOrderness, String stateBackend,
                            String checkpointDir, Staffing staffing, TrustConfig trust, PileOn.Config pileOn,
                            boolean conversationSignals)
        implements Serializable {

    /** With the conversation-level signals on. */
    public ScoringConfig(boolean enabled, RiskConfig risk, Duration maxOutOfOrderness, String stateBackend,
                         String checkpointDir, Staffing staffing, TrustConfig trust, PileOn.Config pileOn) {
        this(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, trust, pileOn, true);
    }

    public ScoringConfig withConversationSignals(boolean on) {
        return new ScoringConfig(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, trust, pileOn, on);
    }

    /** With the default pile-on settings. */
    public ScoringConfig(boolean enabled, RiskConfig risk, Duration maxOutOfOrderness, String stateBackend, String checkpointDir,
                         Staffing staffing, TrustConfig trust) {
        this(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, trust, PileOn.Config.defaults());
    }

    public ScoringConfig withPileOn(PileOn.Config p) {
        return new ScoringConfig(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, trust, p, conversationSignals);
    }

    /** With the default trust settings. */
    public ScoringConfig(boolean enabled, RiskConfig risk, Duration maxOutOfOrderness, String stateBackend, String checkpointDir,
                         Staffing staffing) {
        this(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, TrustConfig.defaults());
    }

    public ScoringConfig withTrust(TrustConfig t) {
        return new ScoringConfig(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, t, pileOn, conversationSignals);
    }

    private static final long serialVersionUID = 1L;

    public ScoringConfig {
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(pileOn, "pileOn");
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(staffing, "staffing");
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("maxOutOfOrderness must not be negative");
        }
        if (!"rocksdb".equals(stateBackend) && !"hashmap".equals(stateBackend)) {
            throw new IllegalArgumentException("state backend must be rocksdb or hashmap, was " + stateBackend);
        }
    }

    public static ScoringConfig defaults() {
        return new ScoringConfig(true, RiskConfig.defaults(), Duration.ofSeconds(5), "rocksdb", null, Staffing.defaults());
    }

    public ScoringConfig withEnabled(boolean on) {
        return new ScoringConfig(on, risk, maxOutOfOrderness, stateBackend, checkpointDir, staffing, trust, pileOn, conversationSignals);
    }

    public ScoringConfig withRisk(RiskConfig r) {
        return new ScoringConfig(enabled, r, maxOutOfOrderness, stateBackend, checkpointDir, staffing, trust, pileOn, conversationSignals);
    }

    public ScoringConfig withState(String backend, String dir) {
        return new ScoringConfig(enabled, risk, maxOutOfOrderness, backend, dir, staffing, trust, pileOn, conversationSignals);
    }

    public ScoringConfig withMaxOutOfOrderness(Duration d) {
        return new ScoringConfig(enabled, risk, d, stateBackend, checkpointDir, staffing, trust, pileOn, conversationSignals);
    }

    public ScoringConfig withStaffing(Staffing s) {
        return new ScoringConfig(enabled, risk, maxOutOfOrderness, stateBackend, checkpointDir, s, trust, pileOn, conversationSignals);
    }

    /** Flink 2.x takes the state backend and checkpoint storage from configuration only. */
    public Configuration flinkConfiguration() {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        // RocksDB uploads only new SST files per checkpoint: state grows with users, checkpoints should not
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, "rocksdb".equals(stateBackend));
        if (checkpointDir != null) {
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        }
        return c;
    }
}
