package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.DeadLetter;
import org.chatguard.model.StaffAction;

class StaffActionParseFunctionTest {

    private static StreamRecord<RawRecord> raw(long offset, String json) {
        return new StreamRecord<>(new RawRecord("staff-actions", 0, offset, 0L, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void userActionsGoToTheMainOutputConversationActionsAside_UnusableOnesAreDeadLettered() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new StaffActionParseFunction()))) {
            h.open();
            h.processElement(raw(1, "{\"actionId\":\"a1\",\"type\":\"BLOCK_USER\",\"userId\":\"u-x\",\"at\":\"2026-11-27T09:00:00Z\"}"));
            h.processElement(raw(2, "{\"actionId\":\"a2\",\"type\":\"RESOLVE_ALERT\",\"conversationId\":\"c-1\",\"alertId\":\"al-1\"}"));
            h.processElement(raw(3, "{\"actionId\":\"a3\",\"type\":\"BLOCK_USER\",\"note\":\"secret staff note\"}"));
            h.processElement(raw(4, "{\"actionId\":\"a4\",\"type\":\"NUKE_USER\",\"userId\":\"u-x\"}"));
            h.processElement(raw(5, "{\"actionId\":\"a5\",\"type\":\"DISMISS_ALERT\",\"conversationId\":\"c-1\"}"));

            assertEquals(List.of("a1"), h.extractOutputValues().stream().map(StaffAction::actionId).toList());
            assertEquals(List.of("a2"), h.getSideOutput(StaffActionParseFunction.CONVERSATION_ACTIONS).stream()
                    .map(r -> r.getValue().actionId()).toList());
            List<DeadLetter> dead = h.getSideOutput(ParseFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of(3L, 4L, 5L), dead.stream().map(DeadLetter::offset).toList());
            assertEquals("staff action: field 'userId' is required for BLOCK_USER", dead.get(0).reason());
            assertEquals("staff action: field 'alertId' or 'category' is required for DISMISS_ALERT", dead.get(2).reason());
            assertFalse(dead.get(1).reason().contains("NUKE"), "reasons never quote the record: " + dead.get(1).reason());
        }
    }

    @Test
    void aResolvedAlertOrDeniedMessageNamingItsAuthorAlsoReachesTheUserStage() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new StaffActionParseFunction()))) {
            h.open();
            h.processElement(raw(1, "{\"actionId\":\"t1\",\"type\":\"RESOLVE_ALERT\",\"conversationId\":\"c-1\",\"alertId\":\"al-1\",\"userId\":\"u-bully\"}"));
            h.processElement(raw(2, "{\"actionId\":\"t2\",\"type\":\"DENY_HELD\",\"conversationId\":\"c-1\",\"messageId\":\"m-9\",\"userId\":\"u-bully\"}"));
            h.processElement(raw(3, "{\"actionId\":\"t3\",\"type\":\"ACKNOWLEDGE_ALERT\",\"conversationId\":\"c-1\",\"alertId\":\"al-1\",\"userId\":\"u-bully\"}"));
            assertEquals(List.of("t1", "t2"), h.extractOutputValues().stream().map(StaffAction::actionId).toList(),
                    "trust signals go to the user stage (keyed by userId)");
            assertEquals(List.of("t1", "t2", "t3"), h.getSideOutput(StaffActionParseFunction.CONVERSATION_ACTIONS).stream()
                    .map(r -> r.getValue().actionId()).toList(), "and still act on the conversation");
        }
    }
}
