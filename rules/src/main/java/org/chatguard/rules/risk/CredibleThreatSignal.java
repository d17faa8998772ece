package org.chatguard.rules.risk;

import java.util.ArrayList;
import java.util.List;

import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.Cue;
import org.chatguard.rules.risk.ConversationScorer.Concern;

/**
 * A credible threat (issue 18): a sender who threatens someone ({@link Cue#THREAT}, not in a message that laughs
 * it off, {@link Cue#JOKE}) and names, in that message or another of theirs, a time, a place or a weapon, is a
 * SAFEGUARDING concern: "wait by the gates after school tomorrow, my brother has a blade". Hyperbole between
 * friends ("my mum will kill me", "ur dead lol") has no threat aimed at someone or laughs, and raises nothing here.
 */
public final class CredibleThreatSignal implements RiskSignal {

    public static final String NAME = "credible-threat";
    public static final String REASON = "credible threat: a threat with a time, place or weapon from ";
    /** Extra slot: the sender's threats not laughed off. */
    private static final int SERIOUS = SenderCues.extra(0);
    private static final int SPECIFICS = Cue.TIME.bit() | Cue.PLACE.bit() | Cue.WEAPON.bit();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Step onMessage(byte[] state, ChatMessage m, Verdict v) {
        int cues = Cue.of(m.text());
        if ((cues & (Cue.THREAT.bit() | SPECIFICS)) == 0) {
            return new Step(state, List.of()); // nothing that counts: the state is unchanged
        }
        SenderCues s = SenderCues.decode(state);
        String sender = String.valueOf(m.senderId());
        int[] c = s.count(sender, cues);
        if ((cues & Cue.THREAT.bit()) != 0 && (cues & Cue.JOKE.bit()) == 0) {
            SenderCues.inc(c, SERIOUS);
        }
        boolean specifics = c[Cue.TIME.ordinal()] + c[Cue.PLACE.ordinal()] + c[Cue.WEAPON.ordinal()] > 0;
        List<Concern> out = List.of();
        if (c[SERIOUS] > 0 && specifics && (cues & Cue.JOKE.bit()) == 0) {
            List<String> subjects = new ArrayList<>(1 + m.recipientIds().size());
            subjects.add(sender);
            m.recipientIds().stream().filter(x -> !x.equals(sender)).forEach(subjects::add);
            out = List.of(new Concern(Category.VIOLENCE, Tier.SAFEGUARDING, List.of(REASON + sender), subjects));
        }
        return new Step(s.encode(), out);
    }
}
