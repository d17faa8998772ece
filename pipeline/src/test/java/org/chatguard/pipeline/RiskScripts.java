package org.chatguard.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.chatguard.connectors.Topics;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.StaffAction;
import org.chatguard.rules.risk.RiskConfig;

/** Scripted conversations for the stateful scenario and restart tests, as the site would publish them. */
final class RiskScripts {

    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    /** Every update reaches staff, so what they see is deterministic and comparable with an offline run. */
    static final RiskConfig EVERY_UPDATE = RiskConfig.defaults().withAlertUpdateInterval(Duration.ZERO);

    private RiskScripts() {
    }

    record Line(ChatMessage message) {
        String topic(Topics t) {
            return t.inputFor(message.kind());
        }

        byte[] json() {
            StringBuilder r = new StringBuilder();
            for (String x : message.recipientIds()) {
                r.append(r.length() == 0 ? "" : ",").append('"').append(x).append('"');
            }
            return ("{\"id\":\"" + message.id() + "\",\"kind\":\"" + message.kind() + "\",\"conversationId\":\""
                    + message.conversationId() + "\",\"senderId\":\"" + message.senderId() + "\",\"recipientIds\":[" + r
                    + "],\"text\":\"" + message.text() + "\",\"sentAt\":\"" + message.sentAt() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    static final class Script {
        final String conversation;
        final ContentKind kind;
        final List<Line> lines = new ArrayList<>();
        private int n;

        Script(String conversation, ContentKind kind) {
            this.conversation = conversation;
            this.kind = kind;
        }

        Script say(String from, String to, String text) {
            n++;
            lines.add(new Line(new ChatMessage(conversation + "-" + n, kind, "private", conversation, from, List.of(to), text,
                    T0.plusSeconds(20L * n))));
            return this;
        }

        String id(int i) {
            return conversation + "-" + i;
        }
    }

    static Script bullying(String conv) {
        return new Script(conv, ContentKind.PRIVATE_MESSAGE)
                .say("u-bob", "u-vic", "you are such a loser")
                .say("u-bob", "u-vic", "ur so ugly and pathetic")
                .say("u-bob", "u-vic", "nobody likes you, you smell")
                .say("u-vic", "u-bob", "i feel so alone")
                .say("u-bob", "u-vic", "shut up you idiot")
                .say("u-bob", "u-vic", "ur so ugly");
    }

    /** Issue 13's pile-on: three senders at u-kid within a minute (two without an insult word), then one of them again. */
    static Script pileOn(String conv) {
        return new Script(conv, ContentKind.CHAT)
                .say("u-amy", "u-kid", "ur so weird nobody even likes u")
                .say("u-bea", "u-kid", "ugly loser just leave")
                .say("u-cal", "u-kid", "the whole class is laughing at u")
                .say("u-amy", "u-kid", "just go away forever and dont come back");
    }

    /** Two friends insulting each other both ways, twice each: below the pair threshold, and two is no pile-on. */
    static Script banter(String conv) {
        return new Script(conv, ContentKind.CHAT)
                .say("u-jo", "u-max", "ur such an idiot lol")
                .say("u-max", "u-jo", "says the loser who lost 5-0")
                .say("u-jo", "u-max", "muppet")
                .say("u-max", "u-jo", "ur the muppet");
    }

    /** The groomer (u-gary) pursues; the child (u-kim) only answers. Secrecy is message 7. */
    static Script grooming(String conv) {
        return new Script(conv, ContentKind.CHAT)
                .say("u-gary", "u-kim", "hey, you are so mature for your age")
                .say("u-kim", "u-gary", "thanks lol")
                .say("u-gary", "u-kim", "how old are you? what school do you go to?")
                .say("u-kim", "u-gary", "12")
                .say("u-gary", "u-kim", "you can tell me anything, im always here for you")
                .say("u-gary", "u-kim", "your parents dont understand you like i do")
                .say("u-gary", "u-kim", "this is our secret, dont tell your parents")
                .say("u-kim", "u-gary", "ok")
                .say("u-gary", "u-kim", "send me a pic");
    }

    /** Two children using the same words both ways. */
    static Script friends(String conv) {
        return new Script(conv, ContentKind.CHAT)
                .say("u-amy", "u-bea", "hi! how old are you?")
                .say("u-bea", "u-amy", "11, how old are you?")
                .say("u-amy", "u-bea", "11 too! dont tell anyone but i got a puppy for my birthday")
                .say("u-bea", "u-amy", "omg our secret lol")
                .say("u-bea", "u-amy", "can i see a pic of him?")
                .say("u-amy", "u-bea", "we should meet up at the park on saturday with my mum");
    }

    static byte[] staffAction(String id, StaffAction.Type type, String user, String conv, String alertId) {
        return ("{\"actionId\":\"" + id + "\",\"type\":\"" + type + "\""
                + (user == null ? "" : ",\"userId\":\"" + user + "\"")
                + (conv == null ? "" : ",\"conversationId\":\"" + conv + "\"")
                + (alertId == null ? "" : ",\"alertId\":\"" + alertId + "\"")
                + ",\"staffId\":\"s-1\",\"at\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
