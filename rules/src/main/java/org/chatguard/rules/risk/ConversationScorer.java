package org.chatguard.rules.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.decide.Decider;
import org.chatguard.rules.risk.ConversationAlerts.OpenAlert;
import org.chatguard.rules.risk.ConversationRisk.EvidenceEntry;
import org.chatguard.rules.risk.ConversationRisk.Participant;

/**
 * Conversation-level judgement: turns a message, its per-message verdict, what the user stage knows
 * about the sender and the conversation's accumulated risk into the final decision and the staff
 * alerts. Pure and deterministic given its inputs; the Flink function and {@code classify --stateful}
 * both drive it.
 *
 * <p>Work is split so that a clean message costs one read of {@link ConversationRisk} and nothing else:
 * {@link #assess} decides and lists concerns; only when there are concerns does the caller load
 * {@link ConversationAlerts} and call {@link #raise}.
 */
public final class ConversationScorer {

    /** Categories whose accumulated score can block later mild messages and raise a moderator alert by itself. */
    static final Set<Category> SCORED = EnumSet.of(Category.SEXUAL, Category.INSULT, Category.HATE, Category.VIOLENCE,
            Category.PERSONAL_INFO);

    public static final String USER_BLOCKED = "user-blocked";
    public static final String BULLYING_BLOCK = "bullying: repeated insults to the same person";
    static final String GROOMING_STAGES = "grooming: stages from ";
    static final String BULLYING_FROM = "bullying: repeated insults from ";

    private ConversationScorer() {
    }

    /**
     * Something staff should see: one per category; merged into that category's open alert. The category is
     * null only for an engine error ({@link Verdict#isEngineError}), which gets an alert of its own.
     */
    public record Concern(Category category, Tier tier, List<String> reasons, List<String> subjects) {
    }

    /** @param riskChanged whether {@link ConversationRisk} must be written back */
    public record Assessment(Decision decision, List<Concern> concerns, boolean riskChanged) {
    }

    /** @param riskChanged whether a staff action also changed {@link ConversationRisk} */
    /** @param resolved the category of the alert the action resolved (handled, not dismissed), or null */
    public record ActionResult(List<StaffAlert> alerts, boolean riskChanged, Category resolved) {
        public ActionResult(List<StaffAlert> alerts, boolean riskChanged) {
            this(alerts, riskChanged, null);
        }
    }

    public static long eventMillis(ChatMessage m) {
        return m.sentAt() == null ? 0L : m.sentAt().toEpochMilli();
    }

    static String code(Category c) {
        return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Assessment assess(ConversationRisk risk, ChatMessage m, Verdict v, UserSignal sender, Instant now,
                                    RiskConfig cfg) {
        long t = eventMillis(m);
        String senderId = String.valueOf(m.senderId());
        List<String> reasons = new ArrayList<>(1);
        // a verdict with an action but no rule match (the engine failing closed) explains itself only here
        if (v.matches().isEmpty()) {
            reasons.addAll(v.reasonCodes());
        }
        double factor = sender.thresholdFactor();
        // A child reaching out (self-harm, abuse disclosure) is never silenced for the conversation's context.
        boolean protectedVoice = v.categories().contains(Category.SELF_HARM) || v.categories().contains(Category.ABUSE_DISCLOSURE);

        // A message is judged against what the conversation showed before it ...
        if (!protectedVoice) {
            for (Category c : v.categories()) {
                if (SCORED.contains(c) && risk.scoreAt(c, t, cfg) >= cfg.blockThreshold() * factor) {
                    reasons.add("conversation-risk: " + code(c));
                }
            }
            if (v.categories().contains(Category.GROOMING) && groomingLevel(risk.oneSidedStages(senderId, t, cfg), cfg) != null) {
                reasons.add("conversation-risk: grooming");
            }
        }

        // ... then becomes part of it.
        List<Concern> concerns = new ArrayList<>(0);
        boolean bullyingBlock = false;
        boolean changed = false;
        if (!v.matches().isEmpty()) {
            changed = true;
            int[] maxSeverity = new int[Category.values().length];
            int stageBits = 0;
            int categoryBits = 0;
            boolean aggressive = false;
            for (RuleMatch rm : v.matches()) {
                int c = rm.category().ordinal();
                maxSeverity[c] = Math.max(maxSeverity[c], rm.severity());
                categoryBits |= 1 << c;
                GroomingStage s = GroomingStage.of(rm.stage());
                if (s != null) {
                    stageBits |= s.bit();
                }
                aggressive |= aggressive(rm);
            }
            // the strongest match per category counts, so one long rant does not outweigh a pattern
            for (Category c : Category.values()) {
                if (maxSeverity[c.ordinal()] > 0) {
                    risk.add(c, maxSeverity[c.ordinal()], t, cfg);
                }
            }
            if (stageBits != 0 || (categoryBits & (1 << Category.SELF_HARM.ordinal())) != 0) {
                Participant p = risk.participant(senderId, t, cfg);
                if (stageBits != 0) {
                    p.stages = ConversationRisk.stagesAt(p, t, cfg) | stageBits;
                    p.stagesAtMillis = Math.max(p.stagesAtMillis, t);
                }
                if ((categoryBits & (1 << Category.SELF_HARM.ordinal())) != 0) {
                    p.flags |= ConversationRisk.FLAG_DISTRESS;
                }
            }
            risk.addEvidence(new EvidenceEntry(m.id(), m.senderId(), Decider.excerpt(v.maskedText()), t, categoryBits), cfg);

            if (aggressive) {
                for (String target : targets(m)) {
                    int n = ConversationRisk.recordInsult(risk.pair(senderId, target, cfg), t, cfg);
                    if (n >= cfg.bullyingInsults()) {
                        Participant tp = risk.find(target);
                        boolean distressed = tp != null && (tp.flags & ConversationRisk.FLAG_DISTRESS) != 0;
                        List<String> why = new ArrayList<>(2);
                        why.add(BULLYING_FROM + senderId + " to " + target);
                        if (distressed) {
                            why.add("bullying: " + target + " has expressed distress in this conversation");
                        }
                        concerns.add(new Concern(Category.INSULT, distressed ? Tier.COUNSELLOR : Tier.MODERATOR, why,
                                List.of(senderId, target)));
                        bullyingBlock |= !protectedVoice;
                    }
                }
            }
            if (stageBits != 0) {
                int oneSided = risk.oneSidedStages(senderId, t, cfg);
                Tier level = groomingLevel(oneSided, cfg);
                if (level != null) {
                    concerns.add(new Concern(Category.GROOMING, level,
                            List.of(GROOMING_STAGES + senderId + ": " + GroomingStage.describe(oneSided)), subjects(m)));
                }
            }
            for (Category c : SCORED) {
                if ((categoryBits & (1 << c.ordinal())) != 0 && risk.scoreAt(c, t, cfg) >= cfg.alertThreshold() * factor) {
                    concerns.add(new Concern(c, Tier.MODERATOR, List.of("conversation-risk: " + code(c)), subjects(m)));
                }
            }
        }
        if (v.categories().contains(Category.SELF_HARM) && sender.distress() >= cfg.distressThreshold()) {
            concerns.add(new Concern(Category.SELF_HARM, Tier.COUNSELLOR,
                    List.of("distress building: " + senderId + " has expressed distress repeatedly"), subjects(m)));
        }
        if (v.alertTier() != null && (v.alertCategory() != null || v.isEngineError())) {
            // an engine error has no category: it is about this message, and staff must release or deny it
            concerns.add(new Concern(v.alertCategory(), v.alertTier(), v.reasonCodes(), subjects(m)));
        }

        Action action = v.action();
        String display = v.displayText();
        if (sender.blocked()) {
            reasons.add(0, USER_BLOCKED);
            action = Action.BLOCK;
            display = Verdict.BLOCKED;
        } else if (bullyingBlock) {
            reasons.add(BULLYING_BLOCK);
            if (action != Action.BLOCK) {
                action = Action.BLOCK;
                display = Verdict.BLOCKED;
            }
        } else if (!reasons.isEmpty() && action != Action.BLOCK && !v.isEngineError()) {
            // (an engine error stays HOLD: staff can still release a message that was never judged)
            action = Action.BLOCK;
            display = Verdict.INAPPROPRIATE;
        }
        if (!v.matches().isEmpty()) {
            // the sender's trust changed this verdict (Trust): the decision says why
            for (String r : v.reasonCodes()) {
                if (r.startsWith(Trust.REASON_PREFIX)) {
                    reasons.add(r);
                }
            }
        }
        Decision d = new Decision(m.id(), m.kind(), m.conversationId(), m.senderId(), action, display, v.categories(),
                v.matches(), reasons, v.rulePackVersion(), m.sentAt(), now, v.modelVersion(), null, null, v.language());
        return new Assessment(d, merge(concerns), changed);
    }

    /** A finding aimed at hurting someone: an insult, hate, or a serious threat (what bullying and pile-ons count). */
    static boolean aggressive(RuleMatch rm) {
        return rm.category() == Category.INSULT || rm.category() == Category.HATE
                || (rm.category() == Category.VIOLENCE && rm.severity() >= 4);
    }

    private static Tier groomingLevel(int oneSided, RiskConfig cfg) {
        if (GroomingStage.countHighRisk(oneSided) < 1) {
            return null;
        }
        int n = GroomingStage.count(oneSided);
        if (n >= cfg.groomingSafeguardingStages() && GroomingStage.countHighRisk(oneSided) >= cfg.groomingSafeguardingHighRisk()) {
            return Tier.SAFEGUARDING;
        }
        return n >= cfg.groomingModeratorStages() ? Tier.MODERATOR : null;
    }

    /** The people a message is aimed at: its addressees, if few enough that it is aimed at all. */
    static List<String> targets(ChatMessage m) {
        List<String> r = m.recipientIds();
        if (r.isEmpty() || r.size() > 2) {
            return List.of();
        }
        return r.stream().filter(x -> !x.equals(m.senderId())).toList();
    }

    private static List<String> subjects(ChatMessage m) {
        List<String> s = new ArrayList<>(1 + m.recipientIds().size());
        if (m.senderId() != null) {
            s.add(m.senderId());
        }
        for (String r : m.recipientIds()) {
            if (!s.contains(r)) {
                s.add(r);
            }
        }
        return s;
    }

    /** One concern per category (highest tier, reasons and subjects joined); also merges what {@link RiskSignal}s raise. */
    static List<Concern> merge(List<Concern> concerns) {
        if (concerns.size() < 2) {
            return concerns;
        }
        List<Concern> out = new ArrayList<>(concerns.size());
        for (Concern c : concerns) {
            int i = 0;
            while (i < out.size() && out.get(i).category() != c.category()) {
                i++;
            }
            if (i == out.size()) {
                out.add(c);
            } else {
                Concern o = out.get(i);
                List<String> reasons = new ArrayList<>(o.reasons());
                c.reasons().stream().filter(x -> !reasons.contains(x)).forEach(reasons::add);
                List<String> subjects = new ArrayList<>(o.subjects());
                c.subjects().stream().filter(x -> !subjects.contains(x)).forEach(subjects::add);
                out.set(i, new Concern(c.category(), o.tier().max(c.tier()), reasons, subjects));
            }
        }
        return out;
    }

    /**
     * Opens or updates one alert per concern. A new alert or a higher tier goes out at once; other updates
     * go out at most once per {@link RiskConfig#alertUpdateInterval()}, the rest wait for {@link #flush}.
     * A staff mute quiets only what {@link ConversationAlerts#mutes} says: MODERATOR-tier concerns in the muted
     * site-rule categories; everything else is raised as usual.
     */
    public static List<StaffAlert> raise(ConversationAlerts alerts, ConversationRisk risk, List<Concern> concerns,
                                         ChatMessage m, String rulePackVersion, Instant now, RiskConfig cfg) {
        return raise(alerts, risk, concerns, m, rulePackVersion, null, now, cfg);
    }

    /** As above; {@code modelVersion}: the model that scored {@code m} (kept on the alert, null: none). */
    public static List<StaffAlert> raise(ConversationAlerts alerts, ConversationRisk risk, List<Concern> concerns,
                                         ChatMessage m, String rulePackVersion, String modelVersion, Instant now,
                                         RiskConfig cfg) {
        List<StaffAlert> out = new ArrayList<>(concerns.size());
        long nowMs = now.toEpochMilli();
        alerts.pruneMutes(nowMs, cfg);
        for (Concern c : concerns) {
            if (c.category() == null) {
                out.add(Decider.alert(m, c.tier(), null, c.reasons(), Verdict.BLOCKED, rulePackVersion, now));
                continue;
            }
            if (alerts.mutes(c.category(), c.tier(), nowMs)) {
                continue;
            }
            OpenAlert a = alerts.find(c.category());
            boolean emit;
            if (a == null) {
                // deterministic id: a replay after a failure reopens the same alert, consumers can dedupe
                a = new OpenAlert(c.category(), Decider.alertId(m.conversationId(), c.category().name(), m.id()));
                a.tier = c.tier();
                a.createdAtMillis = nowMs;
                alerts.open.add(a);
                emit = true;
            } else {
                emit = c.tier().ordinal() > a.tier.ordinal()
                        || nowMs - a.lastEmittedAtMillis >= cfg.alertUpdateInterval().toMillis();
                a.tier = a.tier.max(c.tier());
            }
            a.rulePackVersion = rulePackVersion;
            if (modelVersion != null) {
                a.modelVersion = modelVersion;
            }
            for (String s : c.subjects()) {
                ConversationAlerts.addBounded(a.subjects, s, ConversationAlerts.MAX_SUBJECTS);
            }
            for (String s : c.reasons()) {
                if (s.startsWith(GROOMING_STAGES)) {
                    // the sender's stage list grows: keep only the latest, not every version of it
                    String key = s.substring(0, s.indexOf(": ", GROOMING_STAGES.length()) + 2);
                    a.reasons.removeIf(r -> r.startsWith(key));
                }
                ConversationAlerts.addBounded(a.reasons, s, ConversationAlerts.MAX_REASONS);
            }
            if (emit) {
                out.add(emit(a, risk, m.conversationId(), nowMs, cfg));
            } else {
                a.pending = true;
            }
        }
        return out;
    }

    /** Sends the coalesced updates that are due. */
    public static List<StaffAlert> flush(ConversationAlerts alerts, ConversationRisk risk, String conversationId,
                                         Instant now, RiskConfig cfg) {
        List<StaffAlert> out = new ArrayList<>(1);
        long nowMs = now.toEpochMilli();
        alerts.pruneMutes(nowMs, cfg);
        for (OpenAlert a : alerts.open) {
            if (a.pending && nowMs - a.lastEmittedAtMillis >= cfg.alertUpdateInterval().toMillis()
                    && !alerts.mutes(a.category, a.tier, nowMs)) {
                out.add(emit(a, risk, conversationId, nowMs, cfg));
            }
        }
        return out;
    }

    /**
     * Applies a conversation-level staff action. User actions (block/unblock) are ignored here. Mutes and
     * dismissals act only on what they name and never above the actor's {@link StaffAction#role()}.
     */
    public static ActionResult apply(ConversationAlerts alerts, ConversationRisk risk, StaffAction action, Instant now,
                                     RiskConfig cfg) {
        long nowMs = now.toEpochMilli();
        // ended mutes go, so a conversation with nothing else to keep leaves no state
        alerts.pruneMutes(nowMs, cfg);
        switch (action.type()) {
            case MUTE_CONVERSATION -> {
                long from = action.at() == null ? nowMs : action.at().toEpochMilli();
                long until = action.until() != null ? action.until().toEpochMilli() : from + cfg.muteDuration().toMillis();
                alerts.mute(action.category(), until);
            }
            case UNMUTE_CONVERSATION -> alerts.unmute(action.category());
            case RESOLVE_ALERT, DISMISS_ALERT -> {
                OpenAlert a = action.alertId() != null ? alerts.findById(action.alertId())
                        : action.category() != null ? alerts.find(action.category()) : null;
                Category c = a != null ? a.category : action.category();
                boolean dismiss = action.type() == StaffAction.Type.DISMISS_ALERT;
                if (dismiss && c != null && (a != null ? a.tier : baseTier(c)).ordinal() > action.role().ordinal()) {
                    // a concern above the actor's role is not theirs to call a false alarm: it stays as it is
                    return new ActionResult(List.of(), false);
                }
                if (a != null) {
                    alerts.open.remove(a);
                }
                if (dismiss && c != null) {
                    // a false alarm must not keep blocking or re-alerting on the same pattern; only the
                    // senders the dismissed alert was about are forgotten
                    risk.forget(c, dismissedSenders(c, a));
                    return new ActionResult(List.of(), true);
                }
                if (!dismiss && c != null) {
                    return new ActionResult(List.of(), false, c);
                }
            }
            case ESCALATE_ALERT -> {
                OpenAlert a = action.alertId() != null ? alerts.findById(action.alertId())
                        : action.category() != null ? alerts.find(action.category()) : null;
                if (a != null && a.tier != Tier.SAFEGUARDING) {
                    a.tier = Tier.values()[a.tier.ordinal() + 1];
                    ConversationAlerts.addBounded(a.reasons, "escalated by staff", ConversationAlerts.MAX_REASONS);
                    return new ActionResult(List.of(emit(a, risk, action.conversationId(), nowMs, cfg)), false);
                }
            }
            // staff have it: its acknowledgement clock stops (AlertClock); it stays open
            case ACKNOWLEDGE_ALERT -> alerts.acknowledge(action.alertId(), action.category(), action.role());
            default -> {
            }
        }
        return new ActionResult(List.of(), false);
    }

    /** The tier a category's concerns start at, for a dismiss that names a category with no open alert. */
    static Tier baseTier(Category c) {
        return switch (c) {
            case SELF_HARM -> Tier.COUNSELLOR;
            case ABUSE_DISCLOSURE, GROOMING -> Tier.SAFEGUARDING;
            default -> Tier.MODERATOR;
        };
    }

    /**
     * Whose patterns a dismiss forgets: for grooming and bullying, the senders the alert named (no alert:
     * nobody's); for other categories {@code null}, the whole category.
     */
    private static Set<String> dismissedSenders(Category c, OpenAlert a) {
        String prefix = c == Category.GROOMING ? GROOMING_STAGES : c == Category.INSULT ? BULLYING_FROM : null;
        if (prefix == null) {
            return null;
        }
        Set<String> senders = new HashSet<>(2);
        if (a != null) {
            for (String r : a.reasons) {
                if (r.startsWith(prefix)) {
                    String rest = r.substring(prefix.length());
                    int end = rest.indexOf(c == Category.GROOMING ? ": " : " to ");
                    senders.add(end < 0 ? rest : rest.substring(0, end));
                }
            }
        }
        return senders;
    }

    static StaffAlert emit(OpenAlert a, ConversationRisk risk, String conversationId, long nowMs, RiskConfig cfg) {
        a.sequence++;
        a.lastEmittedAtMillis = nowMs;
        a.pending = false;
        int wanted = 1 << a.category.ordinal();
        if (a.category == Category.GROOMING) {
            // grooming is often evidenced by what else the sender asked for
            wanted |= 1 << Category.PERSONAL_INFO.ordinal() | 1 << Category.SEXUAL.ordinal();
        }
        List<Evidence> evidence = new ArrayList<>(cfg.maxEvidence());
        List<EvidenceEntry> kept = risk.evidence();
        for (int i = kept.size() - 1; i >= 0 && evidence.size() < cfg.maxEvidence(); i--) {
            EvidenceEntry e = kept.get(i);
            if ((e.categories() & wanted) != 0) {
                evidence.add(0, new Evidence(e.messageId(), e.senderId(), e.maskedExcerpt(), Instant.ofEpochMilli(e.sentAtMillis())));
            }
        }
        return new StaffAlert(a.alertId, a.sequence, a.tier, a.category, conversationId, a.subjects, a.reasons, evidence,
                a.rulePackVersion, Instant.ofEpochMilli(a.createdAtMillis), Instant.ofEpochMilli(nowMs), a.modelVersion);
    }
}
