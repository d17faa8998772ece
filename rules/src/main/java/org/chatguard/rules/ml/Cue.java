package org.chatguard.rules.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Situational cues the conversation model counts per sender (its dense features), so that what a sequence is
 * made of (questions about age, where and when alone; secrecy; a move to another app; a threat with a time, a
 * place or a weapon; goodbyes and giving things away) carries across writers whose words the n-grams have never
 * seen. Written from the corpus's dev split (never its test split); each is a question of shape, not a verdict:
 * the trained weights decide what a cue is worth alone, with others, and on which side of the conversation.
 * Appended, never reordered: the model file's dense weights follow this order.
 */
public enum Cue {
    AGE_QUESTION("how old (are|r) (you|u)|what age (are|r) (you|u)|what year (are|r) (you|u) in|whats (ur|your) age|\\basl\\b"
            + "|(are|r) (you|u) (like |about )?1[0-9]\\b|what year group"),
    WHERE_QUESTION("where (do|d) (you|u) live|(what|which) school|(which|what) bus|what area|(ur|your) (address|postcode)"
            + "|where ?abouts|which (road|street|estate)|where do (you|u) (go|get off|walk)|what time do (you|u) (finish|leave|get)"),
    ALONE_QUESTION("(home|house) (alone|to (your|ur)self)|on (your|ur) own|by (yourself|urself)|(parents|mum|dad|mom|mam)s? (out|away|at work|working|asleep|in bed)"
            + "|when (do|does|is) (your|ur) (mum|dad|mam|parents|mom)|(nobody|no one|noone) (else )?(home|in|around)|anyone else (home|in|there|around)|who else is (home|there|in)"),
    SECRECY("between (us|u and me|you and me|me and (you|u))|our (little )?secret|(dont|do not|never|wont) (tell|mention|say|show)"
            + "|keep (it|this|that|our chats?|us) (quiet|private|secret|between|to (yourself|urself))|delete (the|our|these|this|them|it)"
            + "|(no one|nobody|noone) (needs to|has to|will) know|(they|people|adults|others) (wont|would(nt| not)|dont) understand|get (jealous|funny)"),
    MOVE_APP("snap(chat)?|whats ?app|\\binsta(gram)?\\b|discord|telegram|\\bkik\\b|wickr|add me on|(your|ur) (number|snap|insta)|text me|\\bdm me"
            + "|(another|different|other) app|facetime|video ?call|private (chat|server)|(my|a) (number|phone)"),
    PHOTO("\\bpics?\\b|picture|photo|selfie|what (are|r) (you|u) wearing|show me|send (me )?(one|a|some)|\\bcam\\b|webcam"),
    MEET("meet (up|you|u|me)|come (round|over|to mine|to my)|pick (you|u) up|in person|\\birl\\b|in real life|my car|(a|give (you|u) a) lift|walk (you|u) home"),
    PRAISE("mature|beautiful|gorgeous|\\bpretty\\b|stunning|special|so (grown ?up|clever|talented|smart)|not like (other|most)|understand (you|u) (better|like)"
            + "|(ur|youre|your|you are) (so )?(hot|sexy|cute|perfect|amazing)|wise for"),
    GIFT("robux|v ?bucks|gift ?card|\\bskins?\\b|buy (you|u)|(get|got) (you|u) (something|a present|a gift)|ill pay|top ?up|\\bnitro\\b|\\bcoins\\b|£ ?[0-9]+|free (stuff|money)"),
    JOB("(easy|quick|fast) (money|cash|£)|(earn|make) (some |real )?(money|cash|£|p)|a job for (you|u)|(hold|keep|look after|carry) (this|a|the|my|it) ?(bag|package|parcel|stuff|box)?"
            + "|drop (it|this|them) off|deliver|(you|u) owe|no questions|bag for me|sort (you|u) out with|on the (train|line)|(little|small) favou?r"),
    THREAT("(gonna|going to|will|ill|i will|im going to|were going to|were gonna|well) (get|batter|smash|stab|kill|hurt|jump|sort|shoot|beat|hit|burn|cut|knock|wreck)"
            + " (you|u|him|her|them|ur|your)|regret (it|this|that|what|saying|ever|the day)|watch (your|ur) back|watch (yourself|urself|out)"
            + "|(you|u|ur|youre|hes|shes|he|she|they)( re| is| are)? (getting|gonna get|going to get) (it|battered|done|jumped|hurt|stabbed)\\b(?! (wrong|right|back))"
            + "|show (you|u|him|her) what happens|we jump|shoot (the|it|up)|(sort|sorted) (you|u|him|her) out|(youre|ur|hes|shes) (dead|done|getting it)|(batter|smash|stab|shank) (you|u|him|her)"),
    TIME("tomorrow|\\btmrw?\\b|\\btmoz\\b|tonight|after school|at (break|lunch)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this (evening|afternoon|weekend)"
            + "|\\b[0-9]{1,2}[.:][0-9]{2}\\b|\\b[0-9]{1,2} ?(am|pm|oclock)\\b|before (registration|school)|home time"),
    PLACE("gates|\\bpark\\b|\\brec\\b|alley|bus stop|outside (your|ur|the)|behind the|by the|(your|ur) (house|road|street|door)|\\byours\\b|\\broad\\b|\\bstreet\\b"
            + "|lockers|\\bblock\\b|field|\\bshops\\b|station|car park|(we|i) know where (you|u) live"),
    WEAPON("knife|blade|\\bbat\\b|machete|\\bgun\\b|rifle|shank|knuckle|crowbar|hammer|lighter|acid|shoot"),
    /** Finality about oneself: "you won't have to put up with me much longer", giving one's things away. */
    GOODBYE("(wont|not|never) (be )?(around|here)( much)?( any)? ?(longer|anymore|for long|soon)|put up with me"
            + "|(you|u) can have (my|all my)|(take|look after|look) (care of )?my|better off without me|without me (around|here)"
            + "|(nobody|no one|noone) (would |will |even |really )+(notice|care|miss)|(gave|giving|give) (away|you|u) (all )?my|(dont|do not) want to (be here|wake up|exist|be alive)"
            + "|end (it|things|everything)|sleep (forever|and not wake)|(cant|cannot) do this any ?more|tired of (everything|living|it all|being)|a burden"
            + "|(wish|want) i (was|were|wasnt) (dead|gone|here|born)|disappear|remember me|when im gone|wont need (it|them|my)"),
    /** Ordinary farewells, alarming only beside finality: "thanks for everything", "bye everyone". */
    FAREWELL("goodbye|bye (every(one|1)|all|guys|forever)|(thanks|thank you|\\bty\\b) for everything|last (time|message|day|post)|say bye|love (you|u) all"),
    PLAN("pills|tablets|paracetamol|bridge|rope|jump (off|from)|train tracks|the roof|(wrote|writing|left) (a|my|the) (letter|note)|cut(ting)? (myself|my)|overdose|(i know|ive decided) (how|when)"),
    HURT_AT_HOME("(hits|hit|slaps|slapped|punched|kicks|kicked|belt|burn|burned|grabbed|pushed|threw) (me|us|mum|mam|my|it at)|(he|she|dad|mum|mam|stepdad|step ?dad|boyfriend|uncle|brother|father|mother) (hits|hit|slaps|hurts|hurt|locks|locked|touches|touched|did me|threw|uses the belt|use the belt)"
            + "|locks? (me|us|it) (in|out)?|no (food|tea)|(hasnt|not) been (home|back)|comes in(to)? my room|purple|bruise|mark on (my|her|his)|(when|if) (hes|shes|he|she) (been )?(drunk|drinking)"
            + "|stuff i dont like|(scared|afraid) to go home|hand on my (leg|knee|thigh)|sleep in the shed"),
    EXCLUDE("(no|not) (room|space|invited)|(table|group|chat|car|team)s? (is |was )?full|(real|proper) friends only|(dont|cant) sit (here|with)|(must have|musta) got lost"
            + "|(nobody|no one|noone) wants (you|u|her|him)|(leave|get out of|left) the (group|chat|gc)|(not|dont) (add|invite) (her|him|them)|(kicked|removed) (you|u|her|him)"
            + "|without (you|u|her|him)|(you|u|she|he) (werent|wasnt|arent) invited|we already (have|got) enough"),
    SEXUAL_TALK("nudes?|\\bboobs?\\b|(your|ur|her|his) (body|bum|chest|legs|thighs)|virgin|(ever )?(kissed|done it|made out)|sexy|\\bbra\\b|underwear|naked|out of 10|rate (her|him|you|u|my)"),
    JOKE("\\blol\\b|\\blmao\\b|haha|\\bjk\\b|joking|kidding|😂|🤣|💀|😭");

    private final Pattern pattern;

    Cue(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** The last text read on this thread and its cues: every signal reads the same message's cues, once is enough. */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

    /** The cues in {@code text} as a bit set of {@link #bit()}s. */
    public static int of(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Object[] last = LAST.get();
        if (last[0] == text) {
            return (Integer) last[1];
        }
        int bits = read(text);
        last[0] = text;
        last[1] = bits;
        return bits;
    }

    private static int read(String text) {
        String t = normalise(text);
        int candidates = Literals.INDEX.candidates(t);
        int bits = 0;
        for (Cue c : Literals.ALL) {
            if ((candidates & c.bit()) != 0 && c.pattern.matcher(t).find()) {
                bits |= c.bit();
            }
        }
        return bits;
    }

    /** {@link #of} without the literal prefilter: every cue's regex on the text (the reference the prefilter is tested against). */
    static int readEveryRegex(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        String t = normalise(text);
        int bits = 0;
        for (Cue c : Literals.ALL) {
            if (c.pattern.matcher(t).find()) {
                bits |= c.bit();
            }
        }
        return bits;
    }

    /**
     * The cues' {@link RequiredLiterals} in one index, read in one pass over a text: a cue none of whose literals
     * occurs cannot match and its regex is not run (most messages carry the literals of a few cues at most, and
     * the regexes were most of the conversation stage's cost). Keyed by a literal's first two chars; one-char
     * literals in their own map. A cue with no provable literal always runs.
     */
    private static final class Literals {
        static final Cue[] ALL = values();
        static final Literals INDEX = new Literals();

        private final int always;
        /** Cue bits of the one-char literals, by char. */
        private final int[] single = new int[Character.MAX_VALUE + 1];
        /** Open addressing by the first two chars: {@code keys} the pair + 1 (0 empty), {@code lits}/{@code bits} its literals. */
        private final int[] keys;
        private final String[][] lits;
        private final int[][] bits;
        private final int mask;

        private Literals() {
            int a = 0;
            java.util.Map<Integer, List<Map.Entry<String, Integer>>> pairs = new java.util.LinkedHashMap<>();
            for (Cue c : ALL) {
                Set<String> ls = RequiredLiterals.of(c.pattern.pattern());
                if (ls == null) {
                    a |= c.bit();
                    continue;
                }
                for (String l : new java.util.TreeSet<>(ls)) {
                    if (l.length() == 1) {
                        single[l.charAt(0)] |= c.bit();
                    } else {
                        pairs.computeIfAbsent(pair(l.charAt(0), l.charAt(1)), k -> new ArrayList<>()).add(Map.entry(l, c.bit()));
                    }
                }
            }
            always = a;
            int cap = Integer.highestOneBit(Math.max(16, pairs.size() * 4) - 1) << 1;
            mask = cap - 1;
            keys = new int[cap];
            lits = new String[cap][];
            bits = new int[cap][];
            for (var e : pairs.entrySet()) {
                int i = slot(e.getKey());
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = e.getKey() + 1;
                lits[i] = e.getValue().stream().map(Map.Entry::getKey).toArray(String[]::new);
                bits[i] = e.getValue().stream().mapToInt(Map.Entry::getValue).toArray();
            }
        }

        private static int pair(char a, char b) {
            return (a << 16) | b;
        }

        /** Scrambled by an odd multiplier: plain (a << 16 | b) would put most letter pairs in a few slots. */
        private int slot(int pair) {
            return ((pair * 0x9E3779B1) >>> 16) & mask;
        }

        int candidates(String t) {
            int found = always;
            int n = t.length();
            char c = n > 0 ? t.charAt(0) : 0;
            for (int i = 0; i < n; i++) {
                found |= single[c];
                if (i + 1 == n) {
                    break;
                }
                char d = t.charAt(i + 1);
                int key = pair(c, d) + 1;
                for (int s = slot(key - 1); keys[s] != 0; s = (s + 1) & mask) {
                    if (keys[s] == key) {
                        String[] ls = lits[s];
                        int[] bs = bits[s];
                        for (int k = 0; k < ls.length; k++) {
                            if ((found & bs[k]) == 0 && t.startsWith(ls[k], i)) {
                                found |= bs[k];
                            }
                        }
                        break;
                    }
                }
                c = d;
            }
            return found;
        }
    }

    /** Lower case, curly quotes straightened, apostrophes dropped ("don't" is "dont"), whitespace collapsed. */
    static String normalise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\u2019' || c == '\u2018') {
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (!space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = true;
                continue;
            }
            space = false;
            sb.append(c);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** A threat with a time, a place or a weapon in the same message. */
    public static boolean credibleThreat(int bits) {
        return (bits & THREAT.bit()) != 0 && (bits & (TIME.bit() | PLACE.bit() | WEAPON.bit())) != 0;
    }
}
