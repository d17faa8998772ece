package org.chatguard.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.DeadLetter;

class ParseFunctionTest {

    private static RawRecord raw(String topic, long offset, String json) {
        return new RawRecord(topic, 0, offset, 0L, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void goodRecordsFlowOnAndBadOnesBecomeDeadLettersWithoutStoppingTheStream() throws Exception {
        Topics topics = Topics.defaults();
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseFunction(topics, new MessageParser())))) {
            h.open();
            h.processElement(new StreamRecord<>(raw("blog-posts", 1,
                    "{\"id\":\"b1\",\"conversationId\":\"blog-1\",\"senderId\":\"u1\",\"text\":\"my post\",\"sentAt\":\"2026-11-27T09:00:00Z\"}")));
            h.processElement(new StreamRecord<>(raw("chat-messages", 2, "not json at all")));
            h.processElement(new StreamRecord<>(raw("chat-messages", 3, null)));
            h.processElement(new StreamRecord<>(raw("private-messages", 4,
                    "{\"id\":\"p1\",\"conversationId\":\"pm-1\",\"senderId\":\"u2\",\"recipientIds\":[\"u3\"],\"text\":\"hi\",\"sentAt\":\"2026-11-27T09:00:01Z\"}")));

            List<ChatMessage> out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals("b1", out.get(0).id());
            assertEquals(ContentKind.BLOG, out.get(0).kind(), "kind comes from the topic");
            assertEquals(ContentKind.PRIVATE_MESSAGE, out.get(1).kind());

            List<DeadLetter> dead = h.getSideOutput(ParseFunction.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertEquals(2, dead.size());
            assertEquals(2L, dead.get(0).offset());
            assertTrue(dead.get(0).reason().startsWith("malformed JSON"), dead.get(0).reason());
            assertEquals("not json at all", dead.get(0).raw());
            assertEquals("empty record", dead.get(1).reason());
        }
    }
}
