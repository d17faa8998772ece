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
        if (text == null || text.isEmpty()) {
            return false;
        }
        String folded = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        boolean longWord = false;
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean letter = i < folded.length() && Character.isLetter(folded.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                String w = folded.substring(start, i);
                if (SPANISH.contains(w) || ENGLISH.contains(w)) {
                    return false;
                }
                longWord |= w.length() >= 4;
                start = -1;
            }
        }
        return longWord;
    }

    public static Result guess(String text) {
        if (text == null || text.isEmpty()) {
            return Result.ENGLISH;
        }
        int es = 0;
        int en = 0;
        boolean spanishChars = false;
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == 'ñ' || c == '¿' || c == '¡' || c == 'á' || c == 'é' || c == 'í' || c == 'ó' || c == 'ú') {
                spanishChars = true;
                break;
            }
        }
        String folded = Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean letter = i < folded.length() && Character.isLetter(folded.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                String w = folded.substring(start, i);
                if (SPANISH.contains(w)) {
                    es++;
                }
                if (ENGLISH.contains(w)) {
                    en++;
                }
                start = -1;
            }
        }
        if (spanishChars) {
            es += 2;
        }
        if (es == 0) {
            return Result.ENGLISH;
        }
        if (en == 0) {
            return Result.SPANISH;
        }
        // a vote for each: both packs read it, so a Spanish phrase inside English chat (or the reverse) is
        // never a way around the filter; the cost is a second pass over a minority of messages
        return Result.BOTH;
    }
}
