package org.chatguard.rules.ml;

import java.util.Arrays;
import java.util.List;
import org.chatguard.model.RuleMatch;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.GroomingStage;

/**
 * What the conversation model's dense features ({@link ConversationModel#dense}) need to know about one sender so
 * far: how many messages, how many were questions, the highest message-model score per concern, the grooming stages
 * the rules saw. One class for training ({@link ConversationTraining}) and run time ({@code ConversationModelSignal}),
 * so both compute the same features.
 */
public final class SenderStats {

    public final String userId;
    public int messages;
    public int questions;
    public final float[] maxModel = new float[Concern.values().length];
    public int stages;
    /** Per {@link Cue}: the sender's messages with it (saturates at 255). */
    public final int[] cues = new int[Cue.values().length];
    public int credibleThreats;

    public SenderStats(String userId) {
        this.userId = userId;
        Arrays.fill(maxModel, Float.NaN);
    }

    /** Counts one of the sender's messages with its verdict. */
    public void observe(String text, Verdict v) {
        messages++;
        if (ConversationModel.question(text)) {
            questions++;
        }
        ModelScores s = v.modelScores();
        for (Concern c : Concern.values()) {
            double x = s.score(c);
            if (!Double.isNaN(x) && (Float.isNaN(maxModel[c.ordinal()]) || x > maxModel[c.ordinal()])) {
                maxModel[c.ordinal()] = (float) x;
            }
        }
        int cs = Cue.of(text);
        for (Cue c : Cue.values()) {
            if ((cs & c.bit()) != 0 && cues[c.ordinal()] < 255) {
                cues[c.ordinal()]++;
            }
        }
        if (Cue.credibleThreat(cs) && credibleThreats < 255) {
            credibleThreats++;
        }
        for (RuleMatch m : v.matches()) {
            GroomingStage g = GroomingStage.of(m.stage());
            if (g != null) {
                stages |= g.bit();
            }
        }
    }

    /**
     * {@link #dense} for every sender of {@code all}, in its order, in one pass: the others' sums are the totals
     * less one's own, their highest scores the best or second best, their stages those some other sender showed.
     * The same numbers as {@link #dense} one by one (a room of 16 was 16 x 16 reads per message).
     */
    public static double[][] denseAll(List<SenderStats> all) {
        int cuesN = Cue.values().length;
        int concerns = Concern.values().length;
        int messages = 0;
        int questions = 0;
        int[] cueTotal = new int[cuesN];
        int[] stageCount = new int[Integer.SIZE];
        float[] best = new float[concerns];
        float[] second = new float[concerns];
        int[] bestAt = new int[concerns];
        Arrays.fill(best, Float.NaN);
        Arrays.fill(second, Float.NaN);
        Arrays.fill(bestAt, -1);
        for (int i = 0; i < all.size(); i++) {
            SenderStats s = all.get(i);
            messages += s.messages;
            questions += s.questions;
            for (int c = 0; c < cuesN; c++) {
                cueTotal[c] += s.cues[c];
            }
            for (int b = s.stages; b != 0; b &= b - 1) {
                stageCount[Integer.numberOfTrailingZeros(b)]++;
            }
            for (int c = 0; c < concerns; c++) {
                float x = s.maxModel[c];
                if (Float.isNaN(x)) {
                    continue;
                }
                if (Float.isNaN(best[c]) || x > best[c]) {
                    second[c] = best[c];
                    best[c] = x;
                    bestAt[c] = i;
                } else if (Float.isNaN(second[c]) || x > second[c]) {
                    second[c] = x;
                }
            }
        }
        double[][] out = new double[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            SenderStats me = all.get(i);
            int[] cuesOthers = new int[cuesN];
            for (int c = 0; c < cuesN; c++) {
                cuesOthers[c] = cueTotal[c] - me.cues[c];
            }
            float[] maxOthers = new float[concerns];
            for (int c = 0; c < concerns; c++) {
                maxOthers[c] = bestAt[c] == i ? second[c] : best[c];
            }
            int othersStages = 0;
            for (int b = 0; b < Integer.SIZE; b++) {
                if (stageCount[b] - ((me.stages >>> b) & 1) > 0) {
                    othersStages |= 1 << b;
                }
            }
            int oneSided = me.stages & ~othersStages;
            out[i] = ConversationModel.dense(me.messages, messages - me.messages, me.maxModel, maxOthers, oneSided,
                    GroomingStage.countHighRisk(oneSided), me.questions, questions - me.questions, all.size(), me.cues,
                    cuesOthers, me.credibleThreats);
        }
        return out;
    }

    /** The dense features of {@code me} among {@code all} (which includes it). */
    public static double[] dense(List<SenderStats> all, SenderStats me) {
        int nOthers = 0;
        int qOthers = 0;
        int othersStages = 0;
        int[] cuesOthers = new int[me.cues.length];
        float[] maxOthers = new float[me.maxModel.length];
        Arrays.fill(maxOthers, Float.NaN);
        for (SenderStats s : all) {
            if (s == me) {
                continue;
            }
            nOthers += s.messages;
            qOthers += s.questions;
            othersStages |= s.stages;
            for (int c = 0; c < cuesOthers.length; c++) {
                cuesOthers[c] += s.cues[c];
            }
            for (int c = 0; c < maxOthers.length; c++) {
                if (!Float.isNaN(s.maxModel[c]) && (Float.isNaN(maxOthers[c]) || s.maxModel[c] > maxOthers[c])) {
                    maxOthers[c] = s.maxModel[c];
                }
            }
        }
        int oneSided = me.stages & ~othersStages;
        return ConversationModel.dense(me.messages, nOthers, me.maxModel, maxOthers, oneSided,
                GroomingStage.countHighRisk(oneSided), me.questions, qOthers, all.size(), me.cues, cuesOthers, me.credibleThreats);
    }
}
