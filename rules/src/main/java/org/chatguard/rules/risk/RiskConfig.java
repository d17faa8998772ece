package org.chatguard.rules.risk;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of conversation and user risk. Defaults are deliberately conservative for children's chat:
 * a mild message is only blocked for its context after a conversation has shown a pattern, and staff
 * see one alert per concern that is updated, not a stream of alerts.
 *
 * @param riskHalfLife               how fast a conversation's per-category score fades (event time)
 * @param distressHalfLife           how fast a user's distress score fades; longer, because distress building
 *                                   over days is the signal
 * @param blockThreshold             conversation score in a category from which later messages with any match
 *                                   in that category are blocked ({@code *inappropriate*})
 * @param alertThreshold             conversation score in a category that raises a moderator alert by itself
 * @param bullyingInsults            insults from one sender to one addressee within {@code bullyingWindow} that
 *                                   make it bullying
 * @param bullyingWindow             the sliding window for {@code bullyingInsults}
 * @param groomingModeratorStages    distinct one-sided grooming stages from one sender (at least one high-risk)
 *                                   for a moderator alert, and from which that sender's grooming-flagged
 *                                   messages are blocked
 * @param groomingSafeguardingStages distinct one-sided grooming stages for SAFEGUARDING ...
 * @param groomingSafeguardingHighRisk ... of which at least this many high-risk (secrecy, isolation,
 *                                   off-platform, photos, meeting): flattery and questions alone are not enough
 * @param groomingStageMemory        how long a sender's stages are remembered after the last one
 * @param distressThreshold          a user's decayed distress score that adds "distress building" to an alert
 * @param maxEvidence                evidence entries kept per conversation (and sent per alert)
 * @param maxParticipants            senders whose grooming stages are tracked per conversation
 * @param maxPairs                   sender→addressee pairs whose insults are counted per conversation
 * @param alertUpdateInterval        minimum processing time between two updates of one open alert; a tier
 *                                   escalation always goes out at once, coalesced updates go out when it ends
 * @param riskTtl                    state TTL of conversation risk (scores, stages, evidence excerpts)
 * @param chatStateTtl               state TTL of alert bookkeeping, mutes, user blocks and distress (chat retention)
 * @param muteDuration               how long a staff mute lasts when the action names no end ({@code until})
 */
public record RiskConfig(
        Duration riskHalfLife,
        Duration distressHalfLife,
        double blockThreshold,
        double alertThreshold,
        int bullyingInsults,
        Duration bullyingWindow,
        int groomingModeratorStages,
        int groomingSafeguardingStages,
        int groomingSafeguardingHighRisk,
        Duration groomingStageMemory,
        double distressThreshold,
        int maxEvidence,
        int maxParticipants,
        int maxPairs,
        Duration alertUpdateInterval,
        Duration riskTtl,
        Duration chatStateTtl,
        Duration muteDuration) implements Serializable {

    private static final long serialVersionUID = 1L;

    public RiskConfig {
        positive(riskHalfLife, "riskHalfLife");
        positive(distressHalfLife, "distressHalfLife");
        positive(bullyingWindow, "bullyingWindow");
        positive(groomingStageMemory, "groomingStageMemory");
        positive(riskTtl, "riskTtl");
        positive(chatStateTtl, "chatStateTtl");
        positive(muteDuration, "muteDuration");
        Objects.requireNonNull(alertUpdateInterval, "alertUpdateInterval");
        if (alertUpdateInterval.isNegative()) {
            throw new IllegalArgumentException("alertUpdateInterval must not be negative");
        }
        if (blockThreshold <= 0 || alertThreshold <= 0 || distressThreshold <= 0) {
            throw new IllegalArgumentException("thresholds must be > 0");
        }
        if (groomingSafeguardingHighRisk < 1 || groomingSafeguardingHighRisk > groomingSafeguardingStages) {
            throw new IllegalArgumentException("1 <= groomingSafeguardingHighRisk <= groomingSafeguardingStages");
        }
        if (bullyingInsults < 2 || groomingModeratorStages < 1 || groomingSafeguardingStages < groomingModeratorStages) {
            throw new IllegalArgumentException("bullyingInsults >= 2 and 1 <= groomingModeratorStages <= groomingSafeguardingStages");
        }
        if (maxEvidence < 1 || maxEvidence > 50 || maxParticipants < 2 || maxParticipants > 64 || maxPairs < 1 || maxPairs > 64) {
            throw new IllegalArgumentException("bounds out of range: maxEvidence 1..50, maxParticipants 2..64, maxPairs 1..64");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /**
     * Risk fades with a one-day half-life, so 30 days after the last flagged message a score is below
     * 1e-9 of what it was: the risk state (which holds masked excerpts) can expire then. Alert bookkeeping,
     * mutes and blocks follow the one-year chat retention; a mute itself ends after a day unless staff say otherwise.
     */
    public static RiskConfig defaults() {
        return new RiskConfig(Duration.ofDays(1), Duration.ofDays(3), 10, 15, 3, Duration.ofHours(1),
                2, 3, 2, Duration.ofDays(30), 8, 5, 8, 8, Duration.ofMinutes(1), Duration.ofDays(30), Duration.ofDays(365),
                Duration.ofHours(24));
    }

    public RiskConfig withAlertUpdateInterval(Duration d) {
        return new RiskConfig(riskHalfLife, distressHalfLife, blockThreshold, alertThreshold, bullyingInsults, bullyingWindow,
                groomingModeratorStages, groomingSafeguardingStages, groomingSafeguardingHighRisk, groomingStageMemory, distressThreshold, maxEvidence,
                maxParticipants, maxPairs, d, riskTtl, chatStateTtl, muteDuration);
    }

    public RiskConfig withHalfLives(Duration risk, Duration distress) {
        return new RiskConfig(risk, distress, blockThreshold, alertThreshold, bullyingInsults, bullyingWindow,
                groomingModeratorStages, groomingSafeguardingStages, groomingSafeguardingHighRisk, groomingStageMemory, distressThreshold, maxEvidence,
                maxParticipants, maxPairs, alertUpdateInterval, riskTtl, chatStateTtl, muteDuration);
    }

    public RiskConfig withTtls(Duration risk, Duration chatState) {
        return new RiskConfig(riskHalfLife, distressHalfLife, blockThreshold, alertThreshold, bullyingInsults, bullyingWindow,
                groomingModeratorStages, groomingSafeguardingStages, groomingSafeguardingHighRisk, groomingStageMemory, distressThreshold, maxEvidence,
                maxParticipants, maxPairs, alertUpdateInterval, risk, chatState, muteDuration);
    }

    public RiskConfig withMuteDuration(Duration d) {
        return new RiskConfig(riskHalfLife, distressHalfLife, blockThreshold, alertThreshold, bullyingInsults, bullyingWindow,
                groomingModeratorStages, groomingSafeguardingStages, groomingSafeguardingHighRisk, groomingStageMemory, distressThreshold, maxEvidence,
                maxParticipants, maxPairs, alertUpdateInterval, riskTtl, chatStateTtl, d);
    }

    public RiskConfig withThresholds(double block, double alert) {
        return new RiskConfig(riskHalfLife, distressHalfLife, block, alert, bullyingInsults, bullyingWindow,
                groomingModeratorStages, groomingSafeguardingStages, groomingSafeguardingHighRisk, groomingStageMemory, distressThreshold, maxEvidence,
                maxParticipants, maxPairs, alertUpdateInterval, riskTtl, chatStateTtl, muteDuration);
    }

    /** Multiplier that fades a value over {@code elapsedMillis} with the given half-life (1 for no time or negative time). */
    static double decay(long elapsedMillis, Duration halfLife) {
        if (elapsedMillis <= 0) {
            return 1.0;
        }
        return Math.pow(0.5, (double) elapsedMillis / halfLife.toMillis());
    }
}
