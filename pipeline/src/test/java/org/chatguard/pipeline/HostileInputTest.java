package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.Decision;
import org.chatguard.model.DeadLetter;
import org.chatguard.pipeline.functions.DecideFunction;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.functions.ParseFunction;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.Verdict;

/**
 * Seeded hostile input through the real operators (parse, moderate, decide): random bytes, random and
 * deeply nested JSON, huge strings, invalid UTF-8, control and invisible characters, lone surrogates,
 * regex-bomb shapes. Every record must end as exactly one decision or one dead letter with a reason;
 * no exception may escape an operator, and no record may take pathologically long (the bound is
 * generous: it catches catastrophic backtracking, not slowness).
 */
class HostileInputTest {

    private static final long SEED = 20261127L;
    private static final int RECORDS = 1000;
    private static final long PATHOLOGICAL_NANOS = 2_000_000_000L;

    @Test
    void everyRecordEndsAsOneDecisionOrOneDeadLetter() throws Exception {
        Random rnd = new Random(SEED);
        Topics topics = Topics.defaults();
        try (OneInputStreamOperatorTestHarness<RawRecord, ChatMessage> parse =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseFunction(topics, new MessageParser())));
             BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> moderate =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ModerateFunction(null, null), ModerateFunction.RULE_PACK);
             OneInputStreamOperatorTestHarness<Moderated, Decision> decide =
                     ProcessFunctionTestHarnesses.forProcessFunction(new DecideFunction())) {
            parse.open();
            long worst = 0;
            int decisions = 0;
            long engineErrors = 0;
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = hostile(rnd, i);
                long t0 = System.nanoTime();
                parse.processElement(new StreamRecord<>(new RawRecord("chat-messages", 0, i, 0L, value)));
                List<ChatMessage> parsed = parse.extractOutputValues();
                parse.getOutput().clear();
                for (ChatMessage m : parsed) {
                    moderate.processElement(m, i);
                }
                for (Moderated m : moderate.extractOutputValues()) {
                    decide.processElement(new StreamRecord<>(m));
                }
                moderate.getOutput().clear();
                List<Decision> out = decide.extractOutputValues();
                int d = out.size();
                engineErrors += out.stream().filter(x -> x.reasons().contains(Verdict.ENGINE_ERROR)).count();
                decide.getOutput().clear();
                worst = Math.max(worst, System.nanoTime() - t0);
                assertEquals(parsed.size(), d, "record " + i + ": every parsed message gets a decision");
                decisions += d;
            }
            List<DeadLetter> dead = parse.getSideOutput(ParseFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertEquals(RECORDS, decisions + dead.size(), "nothing lost, nothing doubled");
            // hostile input is bad input, not an internal fault: it must never reach the fail-closed path
            // (ModerateFunctionTest shows that path does produce engine-error decisions when the matcher throws)
            assertEquals(0, engineErrors, "engine errors on hostile input");
            assertTrue(decisions > RECORDS / 5, "the generator must also produce parseable hostile messages: " + decisions);
            assertTrue(dead.size() > RECORDS / 5, "and unparseable ones: " + dead.size());
            for (DeadLetter d : dead) {
                assertFalse(d.reason() == null || d.reason().isBlank());
                assertTrue(d.reason().length() < 200, "reasons are short codes, not content: " + d.reason());
            }
            assertTrue(worst < PATHOLOGICAL_NANOS, "slowest record took " + worst / 1_000_000 + " ms");
        }
    }

    /** One hostile record; the mix cycles so every shape appears many times. */
    static byte[] hostile(Random rnd, int i) {
        return switch (i % 10) {
            case 0 -> randomBytes(rnd, rnd.nextInt(4096));
            case 1 -> randomJson(rnd, 0).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("[".repeat(rnd.nextInt(100_000))).getBytes(StandardCharsets.UTF_8);
            case 3 -> message(rnd, hostileText(rnd)).getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                byte[] b = message(rnd, hostileText(rnd)).getBytes(StandardCharsets.UTF_8);
                b[rnd.nextInt(b.length)] = (byte) (0x80 | rnd.nextInt(0x40)); // a stray continuation byte
                yield b;
            }
            case 5 -> message(rnd, "a".repeat(rnd.nextInt(40_000)) + "!").getBytes(StandardCharsets.UTF_8);
            case 6 -> message(rnd, "f u c k ".repeat(1 + rnd.nextInt(2_500))).getBytes(StandardCharsets.UTF_8);
            case 7 -> ("{\"id\":\"x\",\"text\":\"" + "\\ud800".repeat(1 + rnd.nextInt(50)) + "\",\"conversationId\":\"c\","
                    + "\"senderId\":\"u\",\"sentAt\":\"2026-11-27T09:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
            case 8 -> ("{\"id\":" + randomJson(rnd, 3) + ",\"text\":" + randomJson(rnd, 3) + "}").getBytes(StandardCharsets.UTF_8);
            default -> message(rnd, zalgo(rnd)).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String message(Random rnd, String text) {
        var node = EventJson.mapper().createObjectNode();
        node.put("id", "h" + rnd.nextInt(1_000_000));
        node.put("conversationId", "c" + rnd.nextInt(100));
        node.put("senderId", "u" + rnd.nextInt(100));
        node.put("text", text);
        node.put("sentAt", "2026-11-27T09:00:00Z");
        if (rnd.nextBoolean()) {
            node.putObject("extra").put("nested", randomJson(rnd, 2));
        }
        return node.toString();
    }

    private static String hostileText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(500);
        for (int j = 0; j < n; j++) {
            switch (rnd.nextInt(8)) {
                case 0 -> sb.append((char) rnd.nextInt(0x20));            // control characters
                case 1 -> sb.append('\u200B').append('\u200D').append('\uFEFF'); // invisible
                case 2 -> sb.append('\u202E');                             // right-to-left override
                case 3 -> sb.appendCodePoint(0x1F600 + rnd.nextInt(80));   // emoji
                case 4 -> sb.append("(a+)+$");                              // regex-bomb shapes as text
                case 5 -> sb.append("k i l l  y o u r s e l f ");
                case 6 -> sb.append((char) (0x0400 + rnd.nextInt(0x100))); // Cyrillic
                default -> sb.append((char) ('a' + rnd.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private static String zalgo(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 50; j++) {
            sb.append((char) ('a' + rnd.nextInt(26)));
            for (int k = rnd.nextInt(60); k > 0; k--) {
                sb.append((char) (0x0300 + rnd.nextInt(0x70))); // stacked combining marks
            }
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static String randomJson(Random rnd, int depth) {
        int pick = depth > 6 ? rnd.nextInt(4) : rnd.nextInt(6);
        return switch (pick) {
            case 0 -> Integer.toString(rnd.nextInt());
            case 1 -> "\"" + "s".repeat(rnd.nextInt(20)) + "\"";
            case 2 -> rnd.nextBoolean() ? "true" : "null";
            case 3 -> Double.toString(rnd.nextGaussian() * 1e300);
            case 4 -> {
                List<String> items = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    items.add(randomJson(rnd, depth + 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> {
                List<String> items = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    items.add("\"k" + k + "\":" + randomJson(rnd, depth + 1));
                }
                yield "{" + String.join(",", items) + "}";
            }
        };
    }
}
