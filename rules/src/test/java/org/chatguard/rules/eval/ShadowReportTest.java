package org.chatguard.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.ShadowDiff;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.Verdict;

class ShadowReportTest {

    static final ModerationEngine LIVE = ModerationEngine.defaultEngine();

    static ModerationEngine candidate() throws Exception {
        return BacktestTest.candidate("prof.fuck");
    }

    @Test
    void diffsNameExactlyTheRulesTheCandidateGainsAndLoses() throws Exception {
        ModerationEngine cand = candidate();
        ShadowReport r = new ShadowReport(2);
        String[][] lines = {{"1", "broccoli for dinner"}, {"2", "fuck this"}, {"3", "see you at practice"}, {"4", "fuck broccoli"},
                {"5", "you are an idiot"}};
        int n = 0;
        for (String[] l : lines) {
            ChatMessage m = new ChatMessage(l[0], ContentKind.CHAT, "g", "c", "u", List.of(), l[1], Instant.EPOCH);
            Verdict lv = LIVE.analyze(l[1]);
            ShadowDiff d = ShadowDiffs.diff(m, lv, cand.analyze(l[1]), Instant.EPOCH);
            if (d != null) {
                n++;
                r.accept(d);
            }
        }
        assertEquals(3, n, "lines 1, 2 and 4 differ; 3 and 5 decide the same");
        assertEquals(3, r.diffs());
        List<ShadowReport.Change> c = r.ruleChanges();
        assertEquals(List.of("prof.fuck", "test.broccoli"), c.stream().map(ShadowReport.Change::name).sorted().toList());
        ShadowReport.Change fuck = c.stream().filter(x -> x.name().equals("prof.fuck")).findFirst().orElseThrow();
        assertEquals(0, fuck.gained());
        assertEquals(2, fuck.lost());
        assertEquals(List.of("2", "4"), fuck.examples());
        assertEquals(Map.of("ALLOW -> MASK", 1L, "MASK -> ALLOW", 1L), r.actionChanges());
        assertNull(ShadowDiffs.diff(new ChatMessage("x", ContentKind.CHAT, "g", "c", "u", List.of(), "hi", Instant.EPOCH),
                LIVE.analyze("hi"), ModerationEngine.of(RulePackLoader.defaultPack()).analyze("hi"), Instant.EPOCH));
    }
}
