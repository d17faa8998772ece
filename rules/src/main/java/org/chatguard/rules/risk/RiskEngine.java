package org.chatguard.rules.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.rules.Verdict;

/**
 * The stateful scoring of the Flink job, in memory and in order, for offline use ({@code classify
 * --stateful}) and for comparisons. Same scorers, same state classes; states go through their binary
 * form on every access exactly as in the job, so offline results are what the job would produce.
 * Single-threaded.
 */
public final class RiskEngine {

    private final RiskConfig cfg;
    private final Map<String, byte[]> users = new HashMap<>();
    private final Map<String, byte[]> risks = new HashMap<>();
    private final Map<String, byte[]> alerts = new HashMap<>();

    public RiskEngine(RiskConfig cfg) {
        this.cfg = cfg;
    }

    public record Outcome(Decision decision, List<StaffAlert> alerts) {
    }

    /**
     * @param now processing time; offline runs pass the message's own time so that rate limits behave as
     *            they would have live and results are reproducible
     */
    public Outcome process(ChatMessage m, Verdict v, Instant now) {
        List<StaffAlert> out = new ArrayList<>(flushDue(m.conversationId(), now));

        String userKey = String.valueOf(m.senderId());
        UserRisk u = UserRisk.decode(users.get(userKey));
        UserScorer.Result ur = UserScorer.onMessage(u, m, v, cfg);
        if (ur.changed()) {
            put(users, userKey, u.isEmpty(ConversationScorer.eventMillis(m), cfg) ? null : u.encode());
        }

        String conv = m.conversationId();
        ConversationRisk risk = ConversationRisk.decode(risks.get(conv));
        ConversationScorer.Assessment a = ConversationScorer.assess(risk, m, v, ur.signal(), now, cfg);
        if (a.riskChanged()) {
            risks.put(conv, risk.encode());
        }
        if (!a.concerns().isEmpty()) {
            ConversationAlerts al = ConversationAlerts.decode(alerts.get(conv));
            out.addAll(ConversationScorer.raise(al, risk, a.concerns(), m, v.rulePackVersion(), now, cfg));
            put(alerts, conv, al.isEmpty() ? null : al.encode());
        }
        return new Outcome(a.decision(), out);
    }

    public List<StaffAlert> apply(StaffAction action, Instant now) {
        if (UserScorer.isUserAction(action)) {
            if (action.userId() != null) {
                UserRisk u = UserRisk.decode(users.get(action.userId()));
                if (UserScorer.apply(u, action)) {
                    put(users, action.userId(), u.isEmpty(now.toEpochMilli(), cfg) ? null : u.encode());
                }
            }
            return List.of();
        }
        String conv = action.conversationId();
        if (conv == null) {
            return List.of();
        }
        ConversationRisk risk = ConversationRisk.decode(risks.get(conv));
        ConversationAlerts al = ConversationAlerts.decode(alerts.get(conv));
        ConversationScorer.ActionResult r = ConversationScorer.apply(al, risk, action, now, cfg);
        if (r.riskChanged()) {
            risks.put(conv, risk.encode());
        }
        put(alerts, conv, al.isEmpty() ? null : al.encode());
        return r.alerts();
    }

    /** Sends every held-back alert update (end of an offline run). */
    public List<StaffAlert> flushAll(Instant now) {
        List<StaffAlert> out = new ArrayList<>();
        for (String conv : new ArrayList<>(alerts.keySet())) {
            out.addAll(flushDue(conv, now, true));
        }
        return out;
    }

    private List<StaffAlert> flushDue(String conv, Instant now) {
        return flushDue(conv, now, false);
    }

    private List<StaffAlert> flushDue(String conv, Instant now, boolean force) {
        byte[] bytes = alerts.get(conv);
        if (bytes == null) {
            return List.of();
        }
        ConversationAlerts al = ConversationAlerts.decode(bytes);
        long due = al.flushDueMillis(cfg);
        if (due == 0 || (!force && due > now.toEpochMilli())) {
            return List.of();
        }
        Instant at = force && due > now.toEpochMilli() ? Instant.ofEpochMilli(due) : now;
        List<StaffAlert> out = ConversationScorer.flush(al, ConversationRisk.decode(risks.get(conv)), conv, at, cfg);
        put(alerts, conv, al.isEmpty() ? null : al.encode());
        return out;
    }

    private static void put(Map<String, byte[]> map, String key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** Keys held, for tests and state-size estimates: users, conversations with risk, conversations with alerts. */
    public int[] sizes() {
        return new int[] {users.size(), risks.size(), alerts.size()};
    }
}
