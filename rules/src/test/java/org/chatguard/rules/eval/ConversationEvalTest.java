package org.chatguard.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;
import org.chatguard.rules.eval.ConversationEval.Label;
import org.chatguard.rules.eval.ConversationEval.Msg;
import org.chatguard.rules.eval.ConversationEval.Raised;
import org.chatguard.rules.eval.ConversationEval.Result;
import org.chatguard.rules.eval.ConversationEval.Summary;
import org.junit.jupiter.api.Test;

class ConversationEvalTest {

    /** Ten messages c-01 .. c-10, a minute apart. */
    static List<Msg> conversation(String c) {
        List<Msg> out = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            out.add(new Msg(c, String.format("%s-%02d", c, i), Instant.parse("2026-01-01T10:00:00Z").plusSeconds(60L * i)));
        }
        return out;
    }

    static Label harmful(String c, Tier tier, int actBy) {
        return new Label(c, "dev", true, "GROOMING", tier, String.format("%s-%02d", c, actBy), "grooming/x");
    }

    static Label innocent(String c) {
        return new Label(c, "dev", false, null, null, null, "innocent/x");
    }

    static Raised at(String c, Tier t, int message) {
        return new Raised(c, t, Category.GROOMING, String.format("%s-%02d", c, message));
    }

    /** caught (early), late, missed, false alert, tier too low, clean: one of each. */
    static List<Result> scored(int grace) {
        List<Msg> msgs = new ArrayList<>();
        for (String c : List.of("early", "late", "missed", "false", "low", "clean")) {
            msgs.addAll(conversation(c));
        }
        List<Label> labels = List.of(harmful("early", Tier.SAFEGUARDING, 7), harmful("late", Tier.COUNSELLOR, 4),
                harmful("missed", Tier.SAFEGUARDING, 5), innocent("false"), harmful("low", Tier.SAFEGUARDING, 6),
                innocent("clean"));
        List<Raised> raised = List.of(
                at("early", Tier.MODERATOR, 2), at("early", Tier.SAFEGUARDING, 5), at("early", Tier.SAFEGUARDING, 9),
                // a higher tier than labelled counts
                at("late", Tier.SAFEGUARDING, 6),
                at("false", Tier.MODERATOR, 3), at("false", Tier.COUNSELLOR, 8),
                at("low", Tier.MODERATOR, 4), at("low", Tier.COUNSELLOR, 6),
                // an alert on a conversation nobody labelled is not counted anywhere
                at("unlabelled", Tier.SAFEGUARDING, 1));
        return ConversationEval.score(labels, msgs, raised, grace);
    }

    static Result find(List<Result> rs, String id) {
        return rs.stream().filter(r -> r.label().conversationId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void eachOutcomeIsNamedWithItsLead() {
        List<Result> rs = scored(0);
        Result early = find(rs, "early");
        assertTrue(early.inTime());
        assertEquals(2, early.lead(), "first SAFEGUARDING alert at message 5, act-by 7");
        Result late = find(rs, "late");
        assertTrue(late.caught());
        assertFalse(late.inTime());
        assertEquals(-2, late.lead());
        assertEquals("late", ConversationEval.outcome(late));
        assertEquals("missed", ConversationEval.outcome(find(rs, "missed")));
        Result low = find(rs, "low");
        assertFalse(low.caught(), "a COUNSELLOR alert does not catch a SAFEGUARDING conversation");
        assertTrue(low.belowTier());
        assertEquals(Tier.COUNSELLOR, low.topTier());
        Result fa = find(rs, "false");
        assertTrue(fa.falseAlert());
        assertEquals(Tier.COUNSELLOR, fa.topTier(), "reported by its highest tier");
        assertEquals("clean", ConversationEval.outcome(find(rs, "clean")));
    }

    @Test
    void summaryCountsSharesMedianLeadAndFalseAlertsPerTier() {
        Summary s = ConversationEval.summarize(scored(0));
        assertEquals(4, s.harmful());
        assertEquals(1, s.caughtInTime());
        assertEquals(2, s.caught());
        assertEquals(1, s.belowTier());
        assertEquals(0.0, s.medianLead(), "leads 2 and -2");
        assertEquals(2, s.innocent());
        assertEquals(1, s.falseAlerts());
        assertEquals(0.5, s.falseAlertRate());
        assertEquals(Map.of(Tier.MODERATOR, 0, Tier.COUNSELLOR, 1, Tier.SAFEGUARDING, 0), s.falseAlertsByTier());
    }

    @Test
    void graceLetsAnAlertShortlyAfterActByCountAsInTime() {
        assertEquals(1, ConversationEval.summarize(scored(1)).caughtInTime(), "two late is not within one");
        assertEquals(2, ConversationEval.summarize(scored(2)).caughtInTime());
        assertThrows(IllegalArgumentException.class, () -> scored(-1));
    }

    @Test
    void rowsSplitByCorpusSplitAndCategory() {
        List<Msg> msgs = new ArrayList<>(conversation("a"));
        msgs.addAll(conversation("b"));
        List<Label> labels = List.of(harmful("a", Tier.SAFEGUARDING, 3),
                new Label("b", "test", true, "SELF_HARM", Tier.COUNSELLOR, "b-04", "self-harm/x"));
        List<Result> rs = ConversationEval.score(labels, msgs, List.of(at("b", Tier.COUNSELLOR, 2)), 0);
        Map<String, Summary> rows = ConversationEval.rows(rs);
        assertEquals(List.of("all / all", "dev / all", "dev / GROOMING", "test / all", "test / SELF_HARM"), List.copyOf(rows.keySet()));
        assertEquals(0, rows.get("dev / GROOMING").caught());
        assertEquals(1, rows.get("test / SELF_HARM").caughtInTime());
        assertNull(rows.get("dev / all").medianLead(), "nothing caught, no median");
        String report = ConversationEval.report(rs, true);
        assertTrue(report.contains("test / SELF_HARM"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("b ") && l.contains("in-time")), report);
    }

    @Test
    void anAlertBelongsToTheLatestMessageAtOrBeforeIt() {
        List<Msg> c = conversation("x");
        assertEquals("x-03", ConversationEval.messageAt(c, c.get(2).sentAt()));
        assertEquals("x-03", ConversationEval.messageAt(c, c.get(2).sentAt().plusSeconds(30)));
        assertEquals("x-10", ConversationEval.messageAt(c, Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void corpusErrorsAreRefusedWithTheConversationNamed() {
        List<Msg> msgs = conversation("a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConversationEval.score(List.of(harmful("a", Tier.MODERATOR, 11)), msgs, List.of(), 0));
        assertTrue(e.getMessage().contains("a-11"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ConversationEval.score(List.of(innocent("nobody")), msgs, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> ConversationEval.readLabel(
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("conversationId", "a").put("harmful", true)));
    }
}
