package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.lang.LanguageRouter;

/** Spanish through {@code chatguard classify [--stateful]}: routed to the Spanish pack beside the English one. */
class SpanishClassifyTest {

    static final String VERSIONS = RulePackLoader.defaultPack().version() + "+" + LanguageRouter.defaultSpanishPack().version();

    /** {@code [decisions, alerts]} of one command-line run. */
    static List<List<JsonNode>> run(Path tmp, String input, String... args) throws Exception {
        Path alertsFile = tmp.resolve("alerts-" + System.nanoTime() + ".jsonl");
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 3];
            all[0] = "classify";
            all[1] = "--alerts-out";
            all[2] = alertsFile.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            code = ChatGuardCli.commandLine().execute(all);
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertEquals(0, code);
        return List.of(ClassifyStatefulTest.lines(out.toString(StandardCharsets.UTF_8)),
                ClassifyStatefulTest.lines(Files.exists(alertsFile) ? Files.readString(alertsFile) : ""));
    }

    @Test
    void spanishInsultIsMaskedAndDecisionsCarryTheLanguage(@TempDir Path tmp) throws Exception {
        List<List<JsonNode>> r = run(tmp, """
                {"id":"s1","text":"eres un idiota de mierda","sentAt":"2026-12-02T10:00:00Z"}
                {"id":"e1","text":"see you at practice","sentAt":"2026-12-02T10:00:01Z"}
                {"id":"x1","text":"you are an idiota de mierda","sentAt":"2026-12-02T10:00:02Z"}
                """);
        JsonNode s1 = r.get(0).get(0);
        assertEquals("MASK", s1.get("action").asText());
        assertEquals("eres un ****** de ******", s1.get("displayText").asText());
        assertEquals("es", s1.get("language").asText());
        assertEquals(VERSIONS, s1.get("rulePackVersion").asText(), "both packs' versions recorded");
        JsonNode e1 = r.get(0).get(1);
        assertEquals("en", e1.get("language").asText());
        assertEquals(RulePackLoader.defaultPack().version(), e1.get("rulePackVersion").asText());
        JsonNode x1 = r.get(0).get(2);
        assertEquals("en+es", x1.get("language").asText());
        assertEquals("MASK", x1.get("action").asText());
    }

    @Test
    void spanishWishToDieAlertsACounsellor(@TempDir Path tmp) throws Exception {
        for (String mode : List.of("", "--stateful")) {
            List<List<JsonNode>> r = run(tmp, """
                    {"id":"s2","conversationId":"c-es","senderId":"u-nina","text":"me quiero morir","sentAt":"2026-12-02T10:00:00Z"}
                    """, mode.isEmpty() ? new String[0] : new String[] {mode});
            assertEquals("ALLOW", r.get(0).get(0).get("action").asText(), mode);
            assertEquals("COUNSELLOR", ClassifyStatefulTest.tierFor(r.get(1), "s2"), mode + ": " + r.get(1));
            assertEquals("SELF_HARM", r.get(1).get(0).get("category").asText());
        }
    }

    @Test
    void spanishAgeAndSecrecyRaiseGroomingStagesStatefully(@TempDir Path tmp) throws Exception {
        List<List<JsonNode>> r = run(tmp, """
                {"id":"g1","conversationId":"c-g","senderId":"u-adult","recipientIds":["u-kid"],"text":"hola guapa que haces","sentAt":"2026-12-02T10:00:00Z"}
                {"id":"g2","conversationId":"c-g","senderId":"u-adult","recipientIds":["u-kid"],"text":"¿cuántos años tienes? no se lo digas a tus padres","sentAt":"2026-12-02T10:00:30Z"}
                """, "--stateful");
        JsonNode g2 = r.get(0).get(1);
        assertEquals("es", g2.get("language").asText());
        List<String> stages = new java.util.ArrayList<>();
        g2.get("matches").forEach(m -> {
            if (!m.get("stage").isNull()) {
                stages.add(m.get("stage").asText());
            }
        });
        assertTrue(stages.containsAll(List.of("personal-details", "secrecy")), stages.toString());
        JsonNode grooming = r.get(1).stream().filter(a -> "GROOMING".equals(a.get("category").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no grooming alert: " + r.get(1)));
        String reasons = grooming.get("reasonCodes").toString();
        assertTrue(reasons.contains("grooming: stages from u-adult"), reasons);
        assertTrue(reasons.contains("secrecy") && reasons.contains("personal"), reasons);
    }
}
