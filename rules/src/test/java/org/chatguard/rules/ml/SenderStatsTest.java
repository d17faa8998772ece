package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SenderStatsTest {

    /** The one-pass form is the per-sender form, exactly, with ties, unscored senders and shared stages. */
    @Test
    void denseAllIsDenseForEachSender() {
        Random r = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            List<SenderStats> all = new ArrayList<>();
            int n = 1 + r.nextInt(16);
            for (int i = 0; i < n; i++) {
                SenderStats s = new SenderStats("u-" + i);
                s.messages = r.nextInt(30);
                s.questions = r.nextInt(s.messages + 1);
                for (int c = 0; c < s.maxModel.length; c++) {
                    s.maxModel[c] = r.nextInt(4) == 0 ? Float.NaN : r.nextInt(5) / 4f; // ties are common
                }
                s.stages = r.nextInt(1 << 9) & r.nextInt(1 << 9);
                for (int c = 0; c < s.cues.length; c++) {
                    s.cues[c] = r.nextInt(3) == 0 ? r.nextInt(5) : 0;
                }
                s.credibleThreats = r.nextInt(3);
                all.add(s);
            }
            double[][] one = SenderStats.denseAll(all);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(SenderStats.dense(all, all.get(i)), one[i], "round " + round + " sender " + i);
            }
        }
    }
}
