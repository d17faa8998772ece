package org.chatguard.load.gen;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The text the generator writes: ordinary chat (with near misses that a naive filter would flag), and
 * for each {@link Harm} a set of templates written for this tool. Placeholders in braces are filled
 * at random; a share of harmful texts is disguised the way children disguise words (leetspeak,
 * spacing, asterisks) so the normalisation paths get exercised too.
 */
public final class Templates {

    static final List<String> BENIGN_CHAT = List.of(
            "hey", "hi everyone", "lol", "hahaha", "omg", "brb", "gtg dinner", "hey how are you",
            "did you finish the homework", "what did you get for question 3", "anyone here play minecraft",
            "i love this song", "that film was so good", "my cat just knocked over my drink",
            "who is going to the match on saturday", "i'm so bored", "same", "yeah me too", "no way",
            "can someone help me with fractions", "what time is it there", "good morning",
            "goodnight everyone", "see you tomorrow", "i got a new puppy!!", "we had pizza for tea",
            "my sister is so annoying today", "thanks for helping me", "that's really kind",
            "i'm nervous about my exams", "the teacher gave us so much homework", "does anyone like drawing",
            "i made a new friend at school", "what's your favourite book", "i finished my project 😊",
            "🙂", "😂😂😂", "👍", "❤️", "check out my blog post", "happy birthday {name}!! 🎉",
            "is {name} online", "{name} are you there", "i'm going to {place} on the weekend",
            // near misses: harmless texts that contain scary words
            "this homework is killing me", "i killed it in the maths test", "my phone died again",
            "i'm dying of laughter 😂", "that assassin level in the game is hard", "the grapes were sour",
            "we watched scunthorpe play on tv", "our class has a classic book club", "i could murder a pizza",
            "my mum said she'll kill me if i'm late lol", "shoot, i forgot my pe kit");

    static final List<String> FILLER = List.of(
            "and", "then", "so", "but", "like", "really", "today", "at school", "after school", "with my friends",
            "i think", "you know", "maybe", "honestly", "also", "tbh", "anyway", "because", "we", "they", "it was",
            "super", "kind of", "a bit", "the game", "the lesson", "my mum", "my dad", "my brother", "our teacher",
            "on the bus", "in the park", "at lunch", "yesterday", "tomorrow", "this week", "fun", "weird", "cool",
            "funny", "hard", "easy", "boring", "amazing", "the dog", "football", "drawing", "music", "science");

    static final List<String> NAMES = List.of(
            "sam", "alex", "jo", "priya", "tom", "mia", "leo", "ava", "noah", "zara", "oliver", "amara",
            "finn", "isla", "kai", "ruby", "omar", "lily", "ethan", "chloe");
    static final List<String> PLACES = List.of(
            "the park", "the shopping centre", "the library", "the bus station", "the cinema", "mcdonalds",
            "the swimming pool", "the skate park");
    static final List<String> INSULTS = List.of(
            "idiot", "loser", "moron", "dumbass", "freak", "weirdo", "piece of crap", "waste of space");
    static final List<String> SWEARS = List.of("fuck", "fucking", "shit", "bullshit", "bitch", "crap", "bastard", "piss off");
    static final List<String> STREETS = List.of("station", "church", "mill", "park", "victoria", "high");

    static final Map<Harm, List<String>> HARMFUL = new EnumMap<>(Map.of(
            Harm.ABUSIVE, List.of(
                    "you're such an {insult}", "shut up you {insult}", "this game is {swear} rubbish",
                    "what the {swear}", "{swear} off {name}", "you are a {swear} {insult}", "oh {swear} i forgot",
                    "{name} is a {insult}", "stop being a {insult}", "{swear} this {swear} homework"),
            Harm.BULLYING, List.of(
                    "nobody likes you {name}", "everyone at school thinks you're a {insult}", "go away no one wants you here",
                    "you're so ugly and fat", "kys", "go kill yourself {name}", "we're all laughing at you",
                    "i'm going to beat you up after school", "don't let {name} sit with us", "you have no friends and never will",
                    "everyone hates you, just leave the group", "i'll post that photo of you everywhere"),
            Harm.SELF_HARM, List.of(
                    "i want to kill myself", "i've been cutting myself again", "i don't want to be alive anymore",
                    "nobody would miss me if i was gone", "i took a load of pills last night", "i want to end it all",
                    "i hate myself so much i hurt myself", "i've written a goodbye note", "i keep thinking about suicide",
                    "what's the easiest way to die"),
            Harm.GROOMING, List.of(
                    // secrecy
                    "this is our little secret ok?", "don't tell your mum and dad we talk", "delete our chat after you read it",
                    "you can trust me more than your parents",
                    // personal details
                    "what school do you go to?", "are you home alone right now?", "how old are you really?",
                    "what's your address?", "which bus do you take home?",
                    // photos
                    "send me a pic of you", "can you turn your camera on for me", "send me a photo, just for me",
                    // meeting
                    "we should meet up, just us two", "i can pick you up after school", "let's meet at {place} on saturday, don't bring anyone",
                    // moving platform
                    "add me on snapchat", "let's talk on whatsapp instead, it's more private"),
            Harm.PERSONAL_INFO, List.of(
                    "my number is {phone}", "call me on {phone}", "text me {phone}", "email me at {email}",
                    "i live at {num} {street} road", "my postcode is {postcode}", "add my snap {handle}",
                    "my insta is @{handle}", "i go to {name}field primary, come find me"),
            Harm.ABUSE_DISCLOSURE, List.of(
                    "my dad hits me when he's drunk", "my stepdad hurts me and says not to tell anyone",
                    "i'm scared to go home", "my uncle touches me and it makes me feel weird",
                    "mum locks me in my room with no food")));

    private Templates() {
    }

    static String pick(List<String> list, SplittableRandom rnd) {
        return list.get(rnd.nextInt(list.size()));
    }

    /** A harmful sentence of the given kind, placeholders filled, sometimes disguised. */
    static String harmful(Harm harm, SplittableRandom rnd) {
        String s = fill(pick(HARMFUL.get(harm), rnd), rnd);
        if ((harm == Harm.ABUSIVE || harm == Harm.BULLYING) && rnd.nextInt(5) == 0) {
            s = disguise(s, rnd);
        }
        if (rnd.nextInt(6) == 0) {
            s = s.toUpperCase(java.util.Locale.ROOT);
        }
        return s;
    }

    static String benign(SplittableRandom rnd) {
        return fill(pick(BENIGN_CHAT, rnd), rnd);
    }

    static String fill(String template, SplittableRandom rnd) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            out.append(value(template.substring(i + 1, close), rnd));
            i = close + 1;
        }
        return out.toString();
    }

    private static String value(String placeholder, SplittableRandom rnd) {
        return switch (placeholder) {
            case "name" -> pick(NAMES, rnd);
            case "place" -> pick(PLACES, rnd);
            case "insult" -> pick(INSULTS, rnd);
            case "swear" -> pick(SWEARS, rnd);
            case "street" -> pick(STREETS, rnd);
            case "num" -> Integer.toString(1 + rnd.nextInt(199));
            case "phone" -> switch (rnd.nextInt(3)) {
                case 0 -> "07" + digits(9, rnd);
                case 1 -> "+44 7" + digits(3, rnd) + " " + digits(6, rnd);
                default -> "07" + digits(3, rnd) + " " + digits(3, rnd) + " " + digits(3, rnd);
            };
            case "email" -> pick(NAMES, rnd) + (rnd.nextInt(90) + 10) + (rnd.nextBoolean() ? "@gmail.com" : "@hotmail.co.uk");
            case "handle" -> pick(NAMES, rnd) + "_" + pick(NAMES, rnd) + rnd.nextInt(100);
            case "postcode" -> "SW" + (1 + rnd.nextInt(19)) + " " + rnd.nextInt(10) + (char) ('A' + rnd.nextInt(26)) + (char) ('A' + rnd.nextInt(26));
            default -> placeholder;
        };
    }

    private static String digits(int n, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    /** Leetspeak, spaced-out letters or asterisks in the longest word. */
    static String disguise(String s, SplittableRandom rnd) {
        String[] words = s.split(" ");
        int longest = 0;
        for (int i = 1; i < words.length; i++) {
            if (words[i].length() > words[longest].length()) {
                longest = i;
            }
        }
        String w = words[longest];
        words[longest] = switch (rnd.nextInt(3)) {
            case 0 -> w.replace('i', '1').replace('o', '0').replace('e', '3').replace('a', '4').replace('s', '$');
            case 1 -> String.join(" ", w.split(""));
            default -> w.length() > 2 ? w.charAt(0) + "*" + w.substring(2) : w;
        };
        return String.join(" ", words);
    }
}
