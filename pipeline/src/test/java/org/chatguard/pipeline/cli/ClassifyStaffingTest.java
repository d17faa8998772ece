package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/chatguard classify --stateful} as a site would run it: acknowledgement deadlines escalate
 * from the file's own event time (so every run gives the same alerts), an acknowledgement by the alert's tier
 * stops the clock, and a child asking for help gets a {@code support} object while a figure of speech does not.
 */
class ClassifyStaffingTest {

    @TempDir
    Path tmp;

    record Run(List<JsonNode> decisions, List<JsonNode> alerts) {
    }

    Run classify(String input, String... extra) throws Exception {
        Path alertsFile = tmp.resolve("alerts-" + System.nanoTime() + ".jsonl");
        List<String> args = new ArrayList<>(List.of("classify", "--alerts-out", alertsFile.toString()));
        args.addAll(List.of(extra));
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = ChatGuardCli.commandLine().execute(args.toArray(String[]::new));
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertEquals(0, code);
        return new Run(ClassifyStatefulTest.lines(out.toString(StandardCharsets.UTF_8)),
                ClassifyStatefulTest.lines(Files.readString(alertsFile)));
    }

    static final String SELF_HARM_AT_TEN = """
            {"id":"m1","kind":"CHAT","channel":"private","conversationId":"c1","senderId":"u-ivy","recipientIds":["u-hana"],"text":"sometimes i want to kill myself","sentAt":"2026-11-20T10:00:00Z"}
            """;
    /** Traffic elsewhere moves event time on, as it moves the job's watermark. */
    static final String LATER_ELSEWHERE = """
            {"id":"m9","conversationId":"general-1","senderId":"u-ben","text":"anyone done the maths homework","sentAt":"2026-11-20T10:31:00Z"}
            """;

    /** Issue 13: three senders at one child within minutes; two of the messages carry no insult word. */
    static final String PILE_ON = """
            {"id":"p1","kind":"CHAT","channel":"general","conversationId":"room-1","senderId":"u-amy","recipientIds":["u-kid"],"text":"ur so weird nobody even likes u","sentAt":"2026-11-27T10:00:00Z"}
            {"id":"p2","kind":"CHAT","channel":"general","conversationId":"room-1","senderId":"u-bea","recipientIds":["u-kid"],"text":"ugly loser just leave","sentAt":"2026-11-27T10:01:00Z"}
            {"id":"p3","kind":"CHAT","channel":"general","conversationId":"room-1","senderId":"u-cal","recipientIds":["u-kid"],"text":"the whole class is laughing at u","sentAt":"2026-11-27T10:02:00Z"}
            {"id":"p4","kind":"CHAT","channel":"general","conversationId":"room-1","senderId":"u-amy","recipientIds":["u-kid"],"text":"just go away forever and dont come back","sentAt":"2026-11-27T10:03:00Z"}
            """;

    @Test
    void thePileOnGivesOneModeratorAlertAboutTheChild() throws Exception {
        Run r = classify(PILE_ON, "--stateful");
        assertEquals(1, r.alerts().size(), r.alerts().toString());
        JsonNode a = r.alerts().get(0);
        assertEquals("MODERATOR", a.get("tier").asText());
        assertEquals("INSULT", a.get("category").asText());
        assertEquals("[\"u-kid\"]", a.get("subjectUserIds").toString());
        assertEquals("[\"pile-on: 3 senders at u-kid within 10 min: u-amy, u-bea, u-cal\"]", a.get("reasonCodes").toString());
        List<String> senders = new ArrayList<>();
        a.get("evidence").forEach(e -> senders.add(e.get("senderId").asText()));
        assertEquals(List.of("u-amy", "u-bea", "u-cal"), senders);
        assertTrue(r.decisions().stream().allMatch(d -> !d.get("action").asText().equals("BLOCK")),
                "an alert for staff; the messages are decided as before");
        assertEquals(0, classify(PILE_ON, "--stateful", "--pile-on-senders", "4").alerts().size(), "configurable");
        assertEquals(0, classify(PILE_ON).alerts().size(), "stateless: no pile-on");
    }

    @Test
    void anUnacknowledgedCounsellorAlertEscalatesAfterItsDeadline() throws Exception {
        Run r = classify(SELF_HARM_AT_TEN + LATER_ELSEWHERE, "--stateful");
        assertEquals(2, r.alerts().size(), r.alerts().toString());
        JsonNode first = r.alerts().get(0);
        JsonNode up = r.alerts().get(1);
        assertEquals("COUNSELLOR", first.get("tier").asText());
        assertEquals("2026-11-20T10:30:00Z", first.get("ackDueAt").asText());
        assertEquals(first.get("alertId").asText(), up.get("alertId").asText(), "same alert");
        assertEquals(2, up.get("sequence").asInt(), "next sequence");
        assertEquals("SAFEGUARDING", up.get("tier").asText());
        assertTrue(up.get("reasonCodes").toString().contains("\"unacknowledged\""), up.toString());
        assertEquals("2026-11-20T10:30:00Z", up.get("updatedAt").asText(), "at the deadline, in the file's time");

        assertEquals(r.alerts(), classify(SELF_HARM_AT_TEN + LATER_ELSEWHERE, "--stateful").alerts(), "reproducible");
        assertEquals(1, classify(SELF_HARM_AT_TEN, "--stateful").alerts().size(),
                "nothing in the file reaches the deadline: nothing escalates");
    }

    @Test
    void anAcknowledgedCounsellorAlertDoesNot() throws Exception {
        Run first = classify(SELF_HARM_AT_TEN, "--stateful");
        String id = first.alerts().get(0).get("alertId").asText();
        String ack = "{\"actionId\":\"sa-1\",\"type\":\"ACKNOWLEDGE_ALERT\",\"conversationId\":\"c1\",\"alertId\":\"" + id
                + "\",\"staffId\":\"s-carol\",\"staffRole\":\"COUNSELLOR\",\"at\":\"2026-11-20T10:10:00Z\"}\n";
        Run r = classify(SELF_HARM_AT_TEN + ack + LATER_ELSEWHERE, "--stateful");
        assertEquals(1, r.alerts().size(), r.alerts().toString());
        assertEquals("ACKNOWLEDGE_ALERT", r.decisions().get(1).get("applied").asText());

        String modAck = ack.replace("COUNSELLOR", "MODERATOR");
        assertEquals(2, classify(SELF_HARM_AT_TEN + modAck + LATER_ELSEWHERE, "--stateful").alerts().size(),
                "a moderator's acknowledgement does not stop a counsellor alert's clock");
    }

    @Test
    void deadlinesAndStaffedHoursAreOptions() throws Exception {
        String early = LATER_ELSEWHERE.replace("10:31:00", "10:06:00");
        assertEquals(1, classify(SELF_HARM_AT_TEN + early, "--stateful").alerts().size());
        Run r = classify(SELF_HARM_AT_TEN + early, "--stateful", "--ack-deadline", "COUNSELLOR=PT5M");
        assertEquals(2, r.alerts().size(), r.alerts().toString());
        assertEquals("2026-11-20T10:05:00Z", r.alerts().get(0).get("ackDueAt").asText());

        Run night = classify(SELF_HARM_AT_TEN, "--stateful", "--staffed-hours", "12:00-18:00");
        assertTrue(night.alerts().get(0).get("outsideStaffedHours").asBoolean());
        assertEquals("2026-11-20T12:30:00Z", night.alerts().get(0).get("ackDueAt").asText());
        assertFalse(classify(SELF_HARM_AT_TEN, "--stateful").alerts().get(0).get("outsideStaffedHours").asBoolean());
    }

    static final String HELP_AND_FIGURE_OF_SPEECH = """
            {"id":"h1","conversationId":"c2","senderId":"u-ivy","text":"i want to kill myself tonight","sentAt":"2026-11-20T10:00:00Z"}
            {"id":"h2","conversationId":"c3","senderId":"u-ben","text":"this homework is killing me","sentAt":"2026-11-20T10:00:05Z"}
            {"id":"h3","conversationId":"c2","senderId":"u-ivy","text":"i want to kill myself tonight","sentAt":"2026-11-20T22:00:00Z"}
            """;

    @Test
    void aChildAskingForHelpGetsSupportAndTheMessageIsStillDelivered() throws Exception {
        for (String[] mode : new String[][] {{"--stateful"}, {}}) {
            List<JsonNode> d = classify(HELP_AND_FIGURE_OF_SPEECH, mode).decisions();
            JsonNode help = d.get(0);
            assertEquals("ALLOW", help.get("action").asText(), "delivered: " + help);
            assertEquals("i want to kill myself tonight", help.get("displayText").asText());
            JsonNode s = help.get("support");
            assertEquals("SELF_HARM", s.get("category").asText());
            assertEquals("Childline", s.get("resources").get(0).get("name").asText());
            assertEquals("0800 1111", s.get("resources").get(0).get("phone").asText());
            assertEquals("https://www.childline.org.uk", s.get("resources").get(0).get("url").asText());
            assertFalse(s.get("message").asText().contains("not here at the moment"));

            assertTrue(d.get(1).get("support").isNull(), "a figure of speech gets no support: " + d.get(1));

            String night = d.get(2).get("support").get("message").asText();
            assertTrue(night.contains("not here at the moment") && night.contains("8am to 8pm"), night);
        }
    }

    @Test
    void aSitesOwnSupportConfigIsUsed() throws Exception {
        Path cfg = tmp.resolve("support.yaml");
        Files.writeString(cfg, """
                messages:
                  self_harm: "We are here for you."
                  abuse_disclosure: "Thank you for telling us."
                out-of-hours: "Back {hours}."
                resources:
                  - {name: "Kids Help Phone", phone: "1-800-668-6868", url: "https://kidshelpphone.ca"}
                """);
        JsonNode s = classify(HELP_AND_FIGURE_OF_SPEECH, "--support-config", cfg.toString()).decisions().get(0).get("support");
        assertEquals("We are here for you.", s.get("message").asText());
        assertEquals("Kids Help Phone", s.get("resources").get(0).get("name").asText());
    }
}
