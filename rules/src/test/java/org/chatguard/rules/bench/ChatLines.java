package org.chatguard.rules.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of realistic chat lines (20-200 characters) for benchmarks: everyday words, emoji,
 * numbers, and a small share (0.6% of words, so about one line in ten) of swearing, evasions, personal
 * details and Scunthorpe-style look-alikes, roughly as a children's chat room looks on a busy evening.
 */
public final class ChatLines {

    private static final String[] WORDS = ("hi hey hello lol omg ok okay yes no yeah nah i you u he she we they it my your ur "
            + "is are am was were be been do did does dont cant wont im youre its that this what why how when where who "
            + "the a an and or but so because if then than to of in on at for with about from up down out over "
            + "school homework teacher maths english science art music game games play playing played minecraft roblox "
            + "fortnite football match team win won lost goal friend friends mum dad sister brother dog cat pet "
            + "today tomorrow tonight yesterday later now soon weekend holiday summer christmas birthday party cake "
            + "like love hate want need think know feel feeling happy sad bored tired excited funny cool nice good bad "
            + "really very so too much many lots just still again always never sometimes maybe probably actually "
            + "what's going doing watching youtube video videos song songs film movie show episode chapter book "
            + "help please thanks thank sorry wait see look come go went get got make made take took say said tell told "
            + "class lesson test exam grade year time day night morning lunch dinner pizza chips sweets chocolate").split(" ");
    private static final String[] EMOJI = {"😀", "😂", "🙂", "👍", "❤️", "😭", "🔥", "👍🏽", "🤔", "😅"};
    private static final String[] SPICE = {"fuck", "shit", "wtf", "damn", "bitch", "idiot", "f u c k", "sh1t", "fuuuuck",
            "$hit", "you are so stupid", "kys", "i want to die", "call me on 07700 900123", "add me on snap: coolkid12",
            "don't tell your parents", "send me a pic", "my email is kid@example.com", "f.u.c.k off", "assassin",
            "Scunthorpe", "cocktail"};

    private ChatLines() {}

    public static List<String> generate(int n, long seed) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int target = 20 + rnd.nextInt(181);
            StringBuilder sb = new StringBuilder(target + 32);
            while (sb.length() < target) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                int r = rnd.nextInt(1000);
                if (r < 6) {
                    sb.append(SPICE[rnd.nextInt(SPICE.length)]);
                } else if (r < 46) {
                    sb.append(EMOJI[rnd.nextInt(EMOJI.length)]);
                } else if (r < 66) {
                    sb.append(rnd.nextInt(100));
                } else {
                    String w = WORDS[rnd.nextInt(WORDS.length)];
                    sb.append(rnd.nextInt(20) == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
                }
                if (rnd.nextInt(12) == 0) {
                    sb.append(rnd.nextBoolean() ? "!" : "?");
                }
            }
            out.add(sb.length() > 200 ? sb.substring(0, 200) : sb.toString());
        }
        return out;
    }
}
