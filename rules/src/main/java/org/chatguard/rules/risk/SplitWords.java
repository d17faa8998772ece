package org.chatguard.rules.risk;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.RuleMatch;
import org.chatguard.model.Tier;
import org.chatguard.rules.Verdict;

/**
 * Words typed one piece per message ("f", "u", "c", "k"; "k", "y", "s"), which no per-message filter can see.
 * Per sender and conversation the last few short pieces are kept ({@link Pieces}: at most
 * {@link Config#maxPieces()}, each within {@link Config#gap()} of the one before); every new piece is joined
 * with the pieces before it and the joined text is read by the same engine as the messages. When the joined
 * text matches a rule that acts (mask, hold, block or an alert) and the match runs from an earlier piece into
 * this one, this message gets that rule's action, its own part of the word as the span and the earlier
 * messages' ids in {@link RuleMatch#messageIds()}, and the pieces are forgotten (the word is dealt with).
 *
 * <p>Only rules that act count, so a pile of innocent one-letter messages ("k", "o", "k"; "o", "k") stays
 * clean. Pure: the Flink stage and {@code classify --stateful} ({@link RiskEngine}) both drive it, the state in
 * its binary form.
 */
public final class SplitWords {

    /**
     * @param maxPieces    how many pieces are kept per sender and conversation (the longest word that can be split)
     * @param maxPieceChars a message is a piece when its text, trimmed, is at most this long and has no space
     * @param gap          the longest pause between two pieces of one word (event time, the site's sentAt)
     * @param ttl          how long the job keeps pieces after the last one (state TTL; above {@code gap})
     */
    public record Config(int maxPieces, int maxPieceChars, Duration gap, Duration ttl) implements Serializable {

        public Config {
            if (maxPieces < 2 || maxPieces > 32) {
                throw new IllegalArgumentException("maxPieces must be 2..32");
            }
            if (maxPieceChars < 1 || maxPieceChars > MAX_PIECE_CHARS) {
                throw new IllegalArgumentException("maxPieceChars must be 1.." + MAX_PIECE_CHARS);
            }
            if (gap.isNegative() || gap.isZero() || ttl.compareTo(gap) < 0) {
                throw new IllegalArgumentException("gap must be positive and ttl at least gap");
            }
        }

        /** Eight pieces of up to three characters, each within 5 s of the one before; kept for a minute. */
        public static Config defaults() {
            return new Config(8, 3, Duration.ofSeconds(5), Duration.ofMinutes(1));
        }
    }

    public static final String REASON = "split-word: ";
    /** The most any configuration counts as a piece: messages that may be pieces under some configuration. */
    public static final int MAX_PIECE_CHARS = 8;

    private SplitWords() {
    }

    /** Whether the message is a short piece that may be part of a split word (the only messages that touch state). */
    public static boolean isPiece(String text, Config cfg) {
        return isPiece(text, cfg.maxPieceChars());
    }

    /** Whether the text, trimmed, is 1..{@code maxChars} long with no space inside. */
    public static boolean isPiece(String text, int maxChars) {
        if (text == null) {
            return false;
        }
        String t = text.strip();
        if (t.isEmpty() || t.length() > maxChars) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** One kept piece: the message id, its trimmed text and its time. */
    record Piece(String messageId, String text, long atMillis) {
    }

    /** The kept pieces of one sender in one conversation, oldest first. Mutable; one instance per state access. */
    public static final class Pieces {
        private static final int VERSION = 1;
        final List<Piece> pieces = new ArrayList<>();

        public boolean isEmpty() {
            return pieces.isEmpty();
        }

        public int size() {
            return pieces.size();
        }

        public byte[] encode() {
            return StateCodec.encode(VERSION, out -> {
                out.writeByte(pieces.size());
                for (Piece p : pieces) {
                    StateCodec.writeString(out, p.messageId());
                    out.writeUTF(p.text());
                    out.writeLong(p.atMillis());
                }
            });
        }

        public static Pieces decode(byte[] bytes) {
            Pieces p = new Pieces();
            if (bytes == null) {
                return p;
            }
            return StateCodec.decode(bytes, VERSION, "split-word pieces", (in, v) -> {
                int n = in.readUnsignedByte();
                for (int i = 0; i < n; i++) {
                    p.pieces.add(new Piece(StateCodec.readString(in), in.readUTF(), in.readLong()));
                }
                return p;
            });
        }
    }

    /**
     * @param verdict the message's verdict, with the split word's match added when this message completes one
     * @param changed whether {@code pieces} must be written back (or cleared when empty)
     */
    public record Result(Verdict verdict, boolean changed) {
    }

    /**
     * Call only for messages that are {@link #isPiece pieces}; {@code matcher} reads text as the moderate stage
     * does (the live pack).
     */
    public static Result onPiece(Pieces state, ChatMessage m, Verdict v, Function<String, Verdict> matcher, Config cfg) {
        String text = m.text();
        int lead = 0;
        while (lead < text.length() && Character.isWhitespace(text.charAt(lead))) {
            lead++;
        }
        String piece = text.strip();
        long t = ConversationScorer.eventMillis(m);
        List<Piece> ps = state.pieces;
        boolean changed = !ps.isEmpty();
        // a pause longer than the gap (or a message from the past) starts a new word
        if (!ps.isEmpty()) {
            long last = ps.get(ps.size() - 1).atMillis();
            if (t - last > cfg.gap().toMillis() || t < last) {
                ps.clear();
            }
        }
        if (acts(v)) {
            // the piece acts on its own ("kys" in one message): the moderate stage has dealt with it
            ps.clear();
            return new Result(v, changed);
        }
        ps.add(new Piece(m.id(), piece, t));
        while (ps.size() > cfg.maxPieces()) {
            ps.remove(0);
        }
        changed = true;
        // shortest run first: "c","k" then "u","c","k" then "f","u","c","k"
        for (int first = ps.size() - 2; first >= 0; first--) {
            StringBuilder joined = new StringBuilder();
            for (int i = first; i < ps.size(); i++) {
                joined.append(ps.get(i).text());
            }
            int lastStart = joined.length() - piece.length();
            int firstLen = ps.get(first).text().length();
            Verdict jv = matcher.apply(joined.toString());
            if (!acts(jv) || jv.isEngineError()) {
                continue;
            }
            List<RuleMatch> spanning = new ArrayList<>();
            for (RuleMatch rm : jv.matches()) {
                // a match from the first piece of this run into the new one; others were (or will be) found alone
                if (rm.start() < firstLen && rm.end() > lastStart && (rm.action() != Action.ALLOW || jv.alertTier() != null)) {
                    spanning.add(rm);
                }
            }
            if (spanning.isEmpty()) {
                continue;
            }
            List<String> earlier = new ArrayList<>();
            for (int i = first; i < ps.size() - 1; i++) {
                earlier.add(ps.get(i).messageId());
            }
            ps.clear();
            return new Result(completed(m, v, jv, spanning, earlier, lead, lastStart, piece.length()), true);
        }
        return new Result(v, changed);
    }

    private static boolean acts(Verdict v) {
        return v.action() != Action.ALLOW || v.alertTier() != null;
    }

    /** {@code v} with the split word's matches added: this message's part as the span, the earlier ids named. */
    private static Verdict completed(ChatMessage m, Verdict v, Verdict joined, List<RuleMatch> spanning, List<String> earlier,
                                     int lead, int lastStart, int pieceLen) {
        String text = m.text();
        Action action = v.action();
        EnumSet<Category> cats = EnumSet.noneOf(Category.class);
        cats.addAll(v.categories());
        List<RuleMatch> matches = new ArrayList<>(v.matches());
        LinkedHashSet<String> reasons = new LinkedHashSet<>(v.reasonCodes());
        char[] masked = (v.maskedText() == null ? text : v.maskedText()).toCharArray();
        char[] display = v.action() == Action.BLOCK ? null : v.displayText().toCharArray();
        RuleMatch blocker = null;
        for (RuleMatch rm : spanning) {
            int s = lead + Math.max(0, rm.start() - lastStart);
            int e = lead + Math.min(pieceLen, rm.end() - lastStart);
            matches.add(new RuleMatch(rm.ruleId(), rm.category(), rm.severity(), rm.action(), s, e, rm.stage(), earlier));
            action = action.max(rm.action());
            cats.add(rm.category());
            reasons.add(REASON + rm.ruleId() + " across messages " + String.join(", ", earlier) + " and this one");
            for (int i = s; i < e && i < masked.length; i++) {
                masked[i] = '*';
                if (display != null && rm.action() != Action.ALLOW) {
                    display[i] = '*';
                }
            }
            if (rm.action() == Action.BLOCK && (blocker == null || rm.severity() > blocker.severity())) {
                blocker = rm;
            }
        }
        matches.sort(java.util.Comparator.comparingInt(RuleMatch::start).thenComparingInt(RuleMatch::end));
        String displayText;
        if (action == Action.BLOCK) {
            displayText = v.action() == Action.BLOCK ? v.displayText() : switch (blocker.category()) {
                case PROFANITY, INSULT, HATE, VIOLENCE -> Verdict.BLOCKED;
                default -> Verdict.INAPPROPRIATE;
            };
        } else {
            displayText = new String(display);
        }
        Tier tier = v.alertTier();
        Category tierCategory = v.alertCategory();
        if (joined.alertTier() != null && (tier == null || joined.alertTier().ordinal() > tier.ordinal())) {
            tier = joined.alertTier();
            tierCategory = joined.alertCategory();
        }
        return new Verdict(action, displayText, new String(masked), new ArrayList<>(cats), matches, tier, tierCategory,
                new ArrayList<>(reasons), v.rulePackVersion(), v.modelScores(), v.language());
    }

    /** The state key of the job's split-word stage and of {@link RiskEngine}: sender and conversation. */
    public static String key(ChatMessage m) {
        return m.senderId() + "\u0000" + m.conversationId();
    }
}
