package org.chatguard.rules.eval;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.Combo;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.Rule;
import org.chatguard.rules.Verdict;

/**
 * What counts as "ChatGuard flagged this message" when it is scored against a labelled set.
 *
 * <p>Data sets label different concerns: offensive tweets are labelled for any offensive language (which a
 * children's site masks), a bullying set only for bullying, a grooming set for whole conversations with a
 * predator. ChatGuard answers on several levels at once (a matched word, an action, a staff alert), so the
 * operator says which level the labels correspond to instead of the evaluator guessing:
 *
 * <ul>
 *   <li>{@link Mode#ANY}: any match, action or alert (the default; the most sensitive reading)</li>
 *   <li>{@link Mode#ACTION}: the site does something (mask, hold, block) or staff are alerted</li>
 *   <li>{@link Mode#ALERT}: staff are alerted (a rule or combo with an alert tier matched)</li>
 * </ul>
 *
 * and optionally restricts it to some categories ({@code --only insult,hate}): then only matches of those
 * categories count.
 */
public final class FlagCriterion {

    public enum Mode { ANY, ACTION, ALERT }

    private final Mode mode;
    private final Set<Category> only;
    private final Set<String> alerting;
    /** Only matches whose rule id starts with this count ({@code "model:"}: the model alone); null = all. */
    private final String idPrefix;

    private FlagCriterion(Mode mode, Set<Category> only, Set<String> alerting) {
        this(mode, only, alerting, null);
    }

    private FlagCriterion(Mode mode, Set<Category> only, Set<String> alerting, String idPrefix) {
        this.mode = mode;
        this.only = only == null ? null : EnumSet.copyOf(only);
        this.alerting = alerting;
        this.idPrefix = idPrefix;
    }

    /** The same criterion counting only matches whose id starts with {@code prefix} (one detector's findings). */
    public FlagCriterion onlyIds(String prefix) {
        return new FlagCriterion(mode, only, alerting, prefix);
    }

    /**
     * @param only categories that count, or {@code null} for all
     * @param packs the packs the verdicts come from (to know which rules and combos raise alerts)
     */
    public static FlagCriterion of(Mode mode, Set<Category> only, RulePack... packs) {
        if (only != null && only.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one category");
        }
        Set<String> alerting = new HashSet<>();
        for (RulePack pack : packs) {
            for (Rule r : pack.rules()) {
                if (r.alert() != null) {
                    alerting.add(r.id());
                }
            }
            for (Combo c : pack.combos()) {
                alerting.add(c.id());
            }
        }
        return new FlagCriterion(mode, only, alerting);
    }

    /** As {@link #of(Mode, Set, RulePack)} for every detector of {@code engine} (rules and model flags). */
    public static FlagCriterion of(Mode mode, Set<Category> only, org.chatguard.rules.ModerationEngine... engines) {
        if (only != null && only.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one category");
        }
        Set<String> alerting = new HashSet<>();
        for (org.chatguard.rules.ModerationEngine engine : engines) {
            for (org.chatguard.rules.Detector d : engine.detectors()) {
                alerting.addAll(d.alertingIds());
            }
        }
        return new FlagCriterion(mode, only, alerting);
    }

    public static Mode parseMode(String s) {
        try {
            return Mode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --flag-on '" + s + "' (any, action, alert)");
        }
    }

    public boolean flagged(Verdict v) {
        for (RuleMatch m : v.matches()) {
            if (only != null && !only.contains(m.category())) {
                continue;
            }
            if (idPrefix != null && !m.ruleId().startsWith(idPrefix)) {
                continue;
            }
            boolean alerts = alerting.contains(m.ruleId());
            boolean counts = switch (mode) {
                case ANY -> true;
                case ACTION -> m.action() != Action.ALLOW || alerts;
                case ALERT -> alerts;
            };
            if (counts) {
                return true;
            }
        }
        return false;
    }

    /** One line for reports, e.g. "staff alert from insult, hate". */
    public String describe() {
        String what = switch (mode) {
            case ANY -> "any match, action or alert";
            case ACTION -> "an action (mask, hold, block) or a staff alert";
            case ALERT -> "a staff alert";
        };
        String who = idPrefix == null ? "" : " (" + idPrefix + "* findings only)";
        return (only == null ? what : what + " from " + only.toString().toLowerCase(Locale.ROOT).replaceAll("[\\[\\]]", "")) + who;
    }
}
