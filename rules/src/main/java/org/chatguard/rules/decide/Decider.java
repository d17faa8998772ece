package org.chatguard.rules.decide;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;

/**
 * Turns one message and the engine's verdict on it into what leaves ChatGuard: the decision the site
 * acts on and, when a rule asks for one, a staff alert. Per-message only; conversation-level risk is
 * layered on top of this by the stateful scorer.
 */
public final class Decider {

    /** Staff see only as much of a message as they need to judge it. */
    public static final int MAX_EXCERPT_CHARS = 200;

    private Decider() {
    }

    /** {@code alert} is null when nothing calls for staff. */
    public record Outcome(Decision decision, StaffAlert alert) {
    }

    /** With the default staffing (bundled support policy, UK staffed hours). */
    public static Outcome decide(ChatMessage m, Verdict v, Instant now) {
        return decide(m, v, now, DEFAULT_STAFFING);
    }

    private static final Staffing DEFAULT_STAFFING = Staffing.defaults();

    /** The decision carries {@link SupportPolicy support} when the message asked for help. */
    public static Outcome decide(ChatMessage m, Verdict v, Instant now, Staffing staffing) {
        // A verdict with an action but no rule match comes from elsewhere (e.g. the engine failing closed):
        // its reason codes are then the only explanation, so they go on the decision.
        List<String> reasons = v.matches().isEmpty() && !v.reasonCodes().isEmpty() ? v.reasonCodes() : List.of();
        Decision decision = SupportPolicy.attach(new Decision(m.id(), m.kind(), m.conversationId(), m.senderId(), v.action(),
                v.displayText(), v.categories(), v.matches(), reasons, v.rulePackVersion(), m.sentAt(), now, v.modelVersion()),
                staffing).withChannel(m.channel()).withLanguage(v.language());
        if (v.alertTier() == null) {
            return new Outcome(decision, null);
        }
        StaffAlert a = alert(m, v.alertTier(), v.alertCategory(), v.reasonCodes(), v.maskedText(), v.rulePackVersion(), now);
        if (v.modelVersion() != null) {
            a = new StaffAlert(a.alertId(), a.sequence(), a.tier(), a.category(), a.conversationId(), a.subjectUserIds(),
                    a.reasonCodes(), a.evidence(), a.rulePackVersion(), a.createdAt(), a.updatedAt(), v.modelVersion());
        }
        return new Outcome(decision, a);
    }

    /**
     * A first alert about one message. {@code category} is null only for an engine error, which is about
     * the message rather than a concern; its id then says so, and its evidence carries no text.
     */
    public static StaffAlert alert(ChatMessage m, Tier tier, Category category, List<String> reasons, String maskedText,
                                   String rulePackVersion, Instant now) {
        List<String> subjects = new ArrayList<>(1 + m.recipientIds().size());
        if (m.senderId() != null) {
            subjects.add(m.senderId());
        }
        for (String r : m.recipientIds()) {
            if (!subjects.contains(r)) {
                subjects.add(r);
            }
        }
        return new StaffAlert(
                alertId(m.conversationId(), category == null ? Verdict.ENGINE_ERROR : category.name(), m.id()), 1, tier,
                category, m.conversationId(), subjects, reasons,
                List.of(new Evidence(m.id(), m.senderId(), excerpt(maskedText), m.sentAt())), rulePackVersion, now, now);
    }

    /**
     * Cuts a masked text to {@link #MAX_EXCERPT_CHARS}, never inside a surrogate pair, marking the cut.
     */
    public static String excerpt(String masked) {
        if (masked == null || masked.length() <= MAX_EXCERPT_CHARS) {
            return masked;
        }
        int end = MAX_EXCERPT_CHARS;
        if (Character.isHighSurrogate(masked.charAt(end - 1))) {
            end--;
        }
        return masked.substring(0, end) + "\u2026";
    }

    /**
     * Deterministic, so a replayed message after a failure produces the same alert id and consumers can
     * dedupe. Hashing also keeps conversation ids (which may be guessable) out of the id.
     */
    public static String alertId(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "al-" + HexFormat.of().formatHex(sha.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
