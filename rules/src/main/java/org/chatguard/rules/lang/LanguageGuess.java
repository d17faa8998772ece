package org.chatguard.rules.lang;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Which of the packs' languages a chat message is written in: English, Spanish or both.
 *
 * <p>Chat lines are short ("q haces", "wyd"), which character n-gram detectors trained on prose get wrong
 * most of the time, and a wrong guess here means a harmful message is read with the wrong pack. So this is
 * a lexical vote instead: the most frequent function words and chat spellings of each language (none of them
 * shared: "no", "me", "a", "solo", "final" count for neither), plus Spanish's own characters (ñ, ¿, ¡, accented
 * vowels). A message with no Spanish vote is English, the site's default; one with only Spanish votes is
 * Spanish; one with votes for both is {@link Result#BOTH}. The engine reads every message with the English
 * pack and adds the Spanish pack whenever Spanish has a vote, so a wrong guess costs a second pass, never a
 * missed concern, and mixing languages is no way around the filter. Pure and thread-safe.
 */
public final class LanguageGuess {

    public enum Result {
        ENGLISH, SPANISH, BOTH
    }

    private static final Set<String> SPANISH = words(
            "de", "la", "que", "el", "en", "los", "se", "del", "las", "un", "por", "con", "una", "su", "para", "es",
            "al", "lo", "como", "mas", "pero", "sus", "le", "ya", "este", "si", "porque", "esta", "entre", "cuando",
            "muy", "sin", "sobre", "tambien", "hasta", "hay", "donde", "quien", "desde", "todo", "nos", "todos",
            "uno", "les", "ni", "otros", "ese", "eso", "ante", "ellos", "esto", "antes", "algunos", "unos", "yo",
            "otro", "otras", "otra", "tanto", "esa", "estos", "mucho", "nada", "muchos", "cual", "poco", "ella",
            "estar", "estas", "algunas", "algo", "nosotros", "mi", "mis", "tu", "te", "ti", "tus", "ellas", "os",
            "eres", "soy", "estoy", "tengo", "tienes", "tiene", "quiero", "quieres", "puedo", "puedes", "vamos",
            "voy", "vas", "hola", "gracias", "bueno", "buena", "vale", "pues", "aqui", "ahora", "hoy", "manana",
            "ayer", "siempre", "nunca", "nadie", "gente", "amigo", "amiga", "amigos", "casa", "colegio", "madre",
            "padre", "hermano", "hermana", "tio", "tia", "jaja", "jajaja", "jajajaja", "xq", "pq",
            "tmb", "tb", "xd", "dime", "digas", "hablamos", "mejor", "peor", "anos", "verdad", "tambien",
            "asi", "entonces", "nosotras", "vosotros", "usted", "ustedes", "fue", "estan", "estamos",
            "hace", "hacer", "dijo", "decir", "ver", "dar", "ir", "salir", "morir", "vivir", "mierda", "joder",
            "idiota", "estupido", "estupida", "eres", "sos", "vos", "che", "oye", "mira", "claro", "nena", "nene",
            "chico", "chica", "tonto", "tonta", "feo", "fea", "donde", "cuantos", "cuantas", "secreto", "foto");

    private static final Set<String> ENGLISH = words(
            "the", "and", "you", "to", "of", "it", "is", "in", "that", "for", "on", "with", "this", "are", "be",
            "have", "was", "not", "but", "they", "at", "what", "so", "if", "my", "your", "we", "he", "she", "do",
            "just", "can", "like", "get", "all", "im", "dont", "its", "know", "think", "want", "go", "how",
            "about", "out", "up", "when", "there", "one", "would", "will", "from", "them", "u", "ur", "lol", "omg",
            "wyd", "rn", "ngl", "idk", "tbh", "yeah", "yes", "hi", "hey", "hello", "thanks", "who", "why", "where",
            "been", "had", "has", "did", "were", "am", "our", "us", "his", "her", "him", "their", "really", "because",
            "cos", "coz", "cant", "wont", "didnt", "isnt", "gonna", "wanna", "gotta", "here", "now", "today",
            "tomorrow", "school", "mum", "mom", "dad", "friend", "friends", "home", "people", "nobody", "everyone",
            "kill", "die", "hate", "love", "stupid", "ugly", "fuck", "shit", "old", "how", "secret", "tell", "photo");

    private LanguageGuess() {
    }

    private static Set<String> words(String... w) {
        return Set.copyOf(java.util.Arrays.asList(w));
    }

    /**
     * Whether the text gives neither language a vote yet has a word of four or more letters ("gorda asquerosa"):
     * content words alone, no function word to tell. The router reads such a message with both packs rather than
     * guess; "ok", "gg", "lol" are too short to be worth it.
     */
    public static boolean undecided(String text) {
        int v = scan(text);
        return (v & (ES_MASK | EN_MASK)) == 0 && (v & LONG_WORD) != 0;
    }

    /** The guess, with an undecided text ({@link #undecided}) as {@link Result#BOTH}: what the router needs, in one pass. */
    public static Result route(String text) {
        int v = scan(text);
        if ((v & (ES_MASK | EN_MASK)) == 0) {
            return (v & LONG_WORD) != 0 ? Result.BOTH : Result.ENGLISH;
        }
        return of(v);
    }

    public static Result guess(String text) {
        return of(scan(text));
    }

    private static Result of(int v) {
        if ((v & ES_MASK) == 0) {
            return Result.ENGLISH;
        }
        if ((v & EN_MASK) == 0) {
            return Result.SPANISH;
        }
        // a vote for each: both packs read it, so a Spanish phrase inside English chat (or the reverse) is
        // never a way around the filter; the cost is a second pass over a minority of messages
        return Result.BOTH;
    }

    // scan result: Spanish votes in bits 0-14, English votes in bits 15-29, bit 30: a word of 4+ letters with no vote
    private static final int ES_MASK = 0x7FFF;
    private static final int EN_MASK = 0x7FFF << 15;
    private static final int LONG_WORD = 1 << 30;

    /**
     * One pass over the text: lower-cased, accents folded (only when there are non-ASCII characters: most chat is
     * plain ASCII and needs no normalisation), words looked up in both lists.
     */
    private static int scan(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int es = 0;
        int en = 0;
        boolean spanishChars = false;
        boolean longUnvoted = false;
        // words are hashed as they are read (FNV-1a, 64 bits) and looked up in one table: no string per word
        long h = FNV_OFFSET;
        int len = 0;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            char f;
            if (c < 0x80) {
                f = c >= 'A' && c <= 'Z' ? (char) (c + 32) : (c >= 'a' && c <= 'z') ? c : ' ';
            } else if (c <= 0x17F) {
                // Latin-1 and Latin Extended-A: lower-cased and stripped of accents by table (no normaliser per message)
                spanishChars |= c == 'ñ' || c == 'Ñ' || c == '¿' || c == '¡' || "áéíóúÁÉÍÓÚ".indexOf(c) >= 0;
                f = FOLD[c - 0x80];
            } else {
                f = Character.isLetter(c) ? Character.toLowerCase(c) : ' ';
            }
            if (f != ' ') {
                h = (h ^ f) * FNV_PRIME;
                len++;
            } else if (len > 0) {
                int flags = lookup(h);
                es += flags & 1;
                en += (flags >> 1) & 1;
                longUnvoted |= flags == 0 && len >= 4;
                h = FNV_OFFSET;
                len = 0;
            }
        }
        if (spanishChars) {
            es += 2;
        }
        return Math.min(es, ES_MASK) | (Math.min(en, 0x7FFF) << 15) | (longUnvoted ? LONG_WORD : 0);
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** Open addressing over word hashes: {@code KEYS[i]} a word's hash (0: empty), {@code FLAGS[i]} 1 Spanish, 2 English. */
    private static final long[] KEYS = new long[1024];
    private static final byte[] FLAGS = new byte[1024];

    static {
        for (String w : SPANISH) {
            insert(w, 1);
        }
        for (String w : ENGLISH) {
            insert(w, 2);
        }
    }

    private static long hash(String w) {
        long h = FNV_OFFSET;
        for (int i = 0; i < w.length(); i++) {
            h = (h ^ w.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    private static void insert(String w, int flag) {
        long h = hash(w);
        int i = (int) (h ^ (h >>> 32)) & (KEYS.length - 1);
        while (KEYS[i] != 0 && KEYS[i] != h) {
            i = (i + 1) & (KEYS.length - 1);
        }
        KEYS[i] = h;
        FLAGS[i] |= (byte) flag;
    }

    private static int lookup(long h) {
        int i = (int) (h ^ (h >>> 32)) & (KEYS.length - 1);
        while (KEYS[i] != 0) {
            if (KEYS[i] == h) {
                return FLAGS[i];
            }
            i = (i + 1) & (KEYS.length - 1);
        }
        return 0;
    }

    /** U+0080..U+017F lower-cased with accents removed (NFD, marks dropped); ' ' for non-letters. */
    private static final char[] FOLD = new char[0x100];

    static {
        for (char c = 0x80; c <= 0x17F; c++) {
            String d = Normalizer.normalize(String.valueOf(Character.toLowerCase(c)), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            FOLD[c - 0x80] = d.length() == 1 && Character.isLetter(d.charAt(0)) ? d.charAt(0)
                    : Character.isLetter(c) ? Character.toLowerCase(c) : ' ';
        }
    }
}
