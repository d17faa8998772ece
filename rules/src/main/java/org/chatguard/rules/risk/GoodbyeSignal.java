package org.chatguard.rules.risk;

import java.util.List;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.Cue;
import org.chatguard.rules.risk.ConversationScorer.Concern;

/**
 * Indirect self-harm accumulating per sender (issue 18): goodbyes, giving things away, "you won't have to put up
 * with me much longer" ({@link Cue#GOODBYE}), ordinary farewells beside them ({@link Cue#FAREWELL}: "thanks for
 * everything"), none of which a single message makes alarming. A sender's finality with one more goodbye of either
 * kind, or with the self-harm model leaning that way ({@link #LEANING}) in their messages, or two farewells with the
 * model leaning, raise a COUNSELLOR concern (a mentor's "goodbye, thanks for everything" at the end of a placement does not);
 * a goodbye with a plan ({@link Cue#PLAN}: pills, a bridge, a note) raises SAFEGUARDING. Messages that laugh
 * ({@link Cue#JOKE}) do not count.
 */
public final class GoodbyeSignal implements RiskSignal {

    public static final String NAME = "goodbye";
    public static final String REASON = "indirect self-harm: goodbyes from ";
    private static final int GOODBYES = SenderCues.extra(0);
    private static final int FAREWELLS = SenderCues.extra(3);
    private static final int PLANS = SenderCues.extra(1);
    /** The highest self-harm model score in the sender's messages, in hundredths. */
    private static final int MODEL = SenderCues.extra(2);
    /** Below this self-harm score a message is not evidence of anything (ordinary chat scores near 0). */
    static final double LEANING = 0.25;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Step onMessage(byte[] state, ChatMessage m, Verdict v) {
        int cues = Cue.of(m.text());
        double sh = v.modelScores().score(org.chatguard.rules.ml.Concern.SELF_HARM);
        boolean leaning = !Double.isNaN(sh) && sh >= LEANING;
        if ((cues & (Cue.GOODBYE.bit() | Cue.FAREWELL.bit() | Cue.PLAN.bit())) == 0 && !leaning) {
            return new Step(state, List.of());
        }
        SenderCues s = SenderCues.decode(state);
        String sender = String.valueOf(m.senderId());
        int[] c = s.of(sender);
        boolean joke = (cues & Cue.JOKE.bit()) != 0;
        if (!joke) {
            if ((cues & Cue.GOODBYE.bit()) != 0) {
                SenderCues.inc(c, GOODBYES);
            }
            if ((cues & Cue.FAREWELL.bit()) != 0) {
                SenderCues.inc(c, FAREWELLS);
            }
            if ((cues & Cue.PLAN.bit()) != 0) {
                SenderCues.inc(c, PLANS);
            }
            if (leaning) {
                c[MODEL] = Math.max(c[MODEL], (int) Math.round(sh * 100));
            }
        }
        Tier tier = null;
        int any = c[GOODBYES] + c[FAREWELLS];
        if (c[GOODBYES] >= 1 && c[PLANS] >= 1) {
            tier = Tier.SAFEGUARDING;
        } else if ((c[GOODBYES] >= 1 && (any >= 2 || c[MODEL] > 0)) || (c[FAREWELLS] >= 2 && c[MODEL] > 0)) {
            tier = Tier.COUNSELLOR;
        }
        List<Concern> out = tier == null || joke ? List.of()
                : List.of(new Concern(Category.SELF_HARM, tier, List.of(REASON + sender), List.of(sender)));
        return new Step(s.encode(), out);
    }
}
