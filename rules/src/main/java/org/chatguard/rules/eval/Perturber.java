package org.chatguard.rules.eval;

import java.util.Random;

/**
 * Rewrites a message the way people dodge word filters, for the {@code --perturb} evaluation. Seeded per
 * line, so runs are reproducible. Character-level tricks (leetspeak, homoglyphs, zero-width characters,
 * stretched letters) are applied to every word of three or more letters; spacing and dotting are
 * applied to about half the words but never to two neighbours, because "k i l l y o u" is as
 * unreadable to a person as to a filter.
 */
public final class Perturber {

    public enum Technique { SPACING, DOTS, LEET, HOMOGLYPH, ZERO_WIDTH, REPEAT, MIXED }

    private static final String LEET_FROM = "aeiost";
    private static final String[] LEET_TO = {"4@", "3", "1!", "0", "5$", "7"};
    private static final String HOMO_FROM = "aeopcxyi";
    private static final String HOMO_TO = "аеорсхуі"; // Cyrillic look-alikes

    private Perturber() {}

    public static String perturb(String text, Technique technique, long seed) {
        Random rnd = new Random(seed);
        StringBuilder out = new StringBuilder(text.length() * 2);
        int i = 0;
        boolean prevSpaced = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < text.length() && Character.isLetter(text.charAt(j))) {
                j++;
            }
            String word = text.substring(i, j);
            Technique t = technique == Technique.MIXED ? Technique.values()[rnd.nextInt(Technique.values().length - 1)] : technique;
            if (word.length() < 3) {
                out.append(word);
                prevSpaced = false;
            } else if (t == Technique.SPACING || t == Technique.DOTS) {
                if (!prevSpaced && rnd.nextBoolean()) {
                    out.append(join(word, t == Technique.SPACING ? " " : "."));
                    prevSpaced = true;
                } else {
                    out.append(word);
                    prevSpaced = false;
                }
            } else {
                out.append(charLevel(word, t, rnd));
                prevSpaced = false;
            }
            i = j;
        }
        return out.toString();
    }

    private static String join(String word, String sep) {
        StringBuilder b = new StringBuilder(word.length() * 2);
        for (int k = 0; k < word.length(); k++) {
            if (k > 0) {
                b.append(sep);
            }
            b.append(word.charAt(k));
        }
        return b.toString();
    }

    private static String charLevel(String word, Technique t, Random rnd) {
        StringBuilder b = new StringBuilder(word.length() * 2);
        switch (t) {
            case LEET -> {
                for (int k = 0; k < word.length(); k++) {
                    char c = word.charAt(k);
                    int x = LEET_FROM.indexOf(Character.toLowerCase(c));
                    if (x >= 0 && rnd.nextInt(10) < 7) {
                        String to = LEET_TO[x];
                        b.append(to.charAt(rnd.nextInt(to.length())));
                    } else {
                        b.append(c);
                    }
                }
            }
            case HOMOGLYPH -> {
                for (int k = 0; k < word.length(); k++) {
                    char c = word.charAt(k);
                    int x = HOMO_FROM.indexOf(c);
                    b.append(x >= 0 ? HOMO_TO.charAt(x) : c);
                }
            }
            case ZERO_WIDTH -> {
                int forced = 1 + rnd.nextInt(word.length() - 1);
                for (int k = 0; k < word.length(); k++) {
                    if (k == forced || (k > 0 && rnd.nextInt(3) == 0)) {
                        b.append('\u200B');
                    }
                    b.append(word.charAt(k));
                }
            }
            case REPEAT -> {
                int at = rnd.nextInt(word.length());
                int times = 3 + rnd.nextInt(3);
                b.append(word, 0, at);
                for (int r = 0; r < times; r++) {
                    b.append(word.charAt(at));
                }
                b.append(word, at + 1, word.length());
            }
            default -> b.append(word);
        }
        return b.toString();
    }
}
