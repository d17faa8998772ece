package org.chatguard.pipeline.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import org.chatguard.model.ChatMessage;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.SplitWords;

/**
 * A message with the rules engine's per-message verdict, before any conversation-level judgement.
 * The stateful stages turn it into the final decision (and alerts).
 *
 * <p>Between stages it travels in the {@link #of compact form}: the message without its text and the
 * verdict without the masked text unless something matched. Nothing after {@code moderate} reads the text
 * (the site is shown {@link Verdict#displayText()}, staff the masked excerpt of a matched message), and
 * every copy of it would be serialised at each of the two keyed exchanges.
 */
@TypeInfo(RecordTypes.ModeratedFactory.class)
public record Moderated(ChatMessage message, Verdict verdict) {

    /**
     * What the later stages need of a message and its verdict: ids, kind, channel, addressees and time of
     * the message (text left empty unless it may be a piece of a split word), and the verdict whole except {@link Verdict#maskedText()} when there
     * was no match and no alert (it is only ever used as evidence of a match).
     */
    public static Moderated of(ChatMessage m, Verdict v) {
        // texts that may be pieces of a split word stay: the split-words stage joins them ("f", "u", "c", "k")
        ChatMessage slim = m.text().isEmpty() || SplitWords.isPiece(m.text(), SplitWords.MAX_PIECE_CHARS) ? m
                : new ChatMessage(m.id(), m.kind(), m.channel(), m.conversationId(), m.senderId(), m.recipientIds(), "", m.sentAt());
        Verdict vs = v.maskedText() != null && v.matches().isEmpty() && v.alertTier() == null
                ? new Verdict(v.action(), v.displayText(), null, v.categories(), v.matches(), v.alertTier(), v.alertCategory(),
                        v.reasonCodes(), v.rulePackVersion(), v.modelScores(), v.language())
                : v;
        return new Moderated(slim, vs);
    }
}
