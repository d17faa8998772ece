package org.chatguard.rules.analysis;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-code-point folding tables shared by {@link ConfusableFoldingCharFilter}. Built once: a chat line
 * must not pay for {@link Normalizer} on every character, so the whole BMP is pre-folded into a table
 * (about 130 KB) and only rare supplementary letters (mathematical alphanumerics, regional indicators)
 * are folded on the fly.
 *
 * <p>The confusables below are a hand-picked subset of the look-alikes in Unicode's
 * {@code confusables.txt} (Unicode licence) that matter for English text: Cyrillic, Greek, Armenian and
 * IPA letters that render like Latin letters, plus small capitals.
 */
final class Folding {

    /** Table marker: the character is removed and its span is given to nobody (zero-width, format chars). */
    static final char DROP = '\uFFFF';
    /** Table marker: the character is removed and its span joins the previous output character (combining marks). */
    static final char ATTACH = '\uFFFE';
    /** Table marker: the character folds to several characters, see {@link #MULTI}. */
    static final char EXPAND = '\uFFFD';

    private static final char[] BMP = new char[0x10000];
    private static final Map<Integer, String> MULTI = new HashMap<>();

    private static final String CONFUSABLES =
            // Cyrillic
            "аa вb гr еe ѐe ёe дd ԁd һh іi їi јj кk мm нh оo пn рp сc тt уy ўy хx ѕs ӏl үy ѵv ԛq ԝw ьb ъb ɡg "
            // Greek
            + "αa βb γy δd εe ζz ηn ιi κk νv οo ρp σo ςs τt υu χx ωw μu ϲc ϳj "
            // Armenian
            + "օo սu հh ոn ցg զq "
            // IPA / Latin extensions that are not decomposable
            + "ɑa ɩi ıi ȷj ɪi ʟl ɴn ʀr ʏy ʙb ɢg ʜh łl øo đd ħh ŧt ƀb ɓb ɗd ƙk ƚl ɲn ƥp ʂs ƭt ʋv ⱳw ƴy ȥz "
            // small capitals
            + "ᴀa ᴄc ᴅd ᴇe ꜰf ᴊj ᴋk ᴍm ᴏo ᴘp ꜱs ᴛt ᴜu ᴠv ᴡw ᴢz";

    private static final String CONFUSABLE_MULTI = "ßss æae œoe ĳij ǆdz ǉlj ǌnj";

    static {
        Map<Character, Character> conf = new HashMap<>();
        for (String pair : CONFUSABLES.split(" ")) {
            conf.put(pair.charAt(0), pair.charAt(1));
        }
        Map<Character, String> confMulti = new HashMap<>();
        for (String pair : CONFUSABLE_MULTI.split(" ")) {
            confMulti.put(pair.charAt(0), pair.substring(1));
        }
        for (int c = 0; c < 0x10000; c++) {
            if (c >= 0xD800 && c <= 0xDFFF) {
                BMP[c] = (char) c; // surrogates are handled per code point by the char filter
                continue;
            }
            String folded = compute(c, conf, confMulti);
            if (folded == null) {
                BMP[c] = isMark(c) ? ATTACH : DROP;
            } else if (folded.length() == 1 && folded.charAt(0) < EXPAND) {
                BMP[c] = folded.charAt(0);
            } else {
                BMP[c] = EXPAND;
                MULTI.put(c, folded);
            }
        }
    }

    private Folding() {}

    /** Folded form of a BMP char: a char, or one of {@link #DROP}, {@link #ATTACH}, {@link #EXPAND}. */
    static char bmp(char c) {
        return BMP[c];
    }

    static String expansion(int cp) {
        String s = MULTI.get(cp);
        return s != null ? s : supplementary(cp);
    }

    /**
     * Folds a supplementary code point; {@code null} means drop. Most are emoji and pass through;
     * letters and digits (e.g. the bold/italic "math" alphabets used to dodge filters) are decomposed.
     */
    static String supplementary(int cp) {
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            // regional indicator letters: pairs render as flags, singles as boxed letters
            return String.valueOf((char) ('a' + (cp - 0x1F1E6)));
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT || (cp >= 0xE0000 && cp <= 0xE0FFF)) {
            return null;
        }
        if (Character.isLetterOrDigit(cp)) {
            String s = compute(cp, Map.of(), Map.of());
            return s == null ? new String(Character.toChars(cp)) : s;
        }
        return new String(Character.toChars(cp));
    }

    static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    static boolean isInvisible(int cp) {
        return Character.getType(cp) == Character.FORMAT
                || cp == 0x034F // combining grapheme joiner
                || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers render blank
                || cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E
                || cp == 0x2800; // braille blank
    }

    private static String compute(int cp, Map<Character, Character> conf, Map<Character, String> confMulti) {
        if (isInvisible(cp) || isMark(cp)) {
            return null;
        }
        if (Character.getType(cp) == Character.CONTROL) {
            // control chars separate words rather than join them: "f\u0007u\u0007c\u0007k" is spelled out
            return cp == '\t' || cp == '\n' || cp == '\r' ? String.valueOf((char) cp) : " ";
        }
        if (Character.isSpaceChar(cp)) {
            return " ";
        }
        String s = new String(Character.toChars(cp));
        s = stripMarks(Normalizer.normalize(s, Normalizer.Form.NFKD));
        s = stripMarks(Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD));
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            Character single = conf.get(ch);
            String multi = confMulti.get(ch);
            if (single != null) {
                out.append(single.charValue());
            } else if (multi != null) {
                out.append(multi);
            } else {
                out.append(ch);
            }
        }
        if (out.length() == 0) {
            return null;
        }
        return out.toString();
    }

    private static String stripMarks(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (isMark(cp) || isInvisible(cp)) {
                if (b == null) {
                    b = new StringBuilder(s.length());
                    b.append(s, 0, i);
                }
            } else if (b != null) {
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }
}
