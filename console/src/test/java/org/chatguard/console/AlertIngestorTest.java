package org.chatguard.console;

import static org.chatguard.console.Fixtures.T0;
import static org.chatguard.console.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.HeldMessage;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/** Ingest from a real broker: resume after a restart from committed offsets, no loss, no duplicates. */
class AlertIngestorTest {

    static EmbeddedKafka kafka;
    static final Topics TOPICS = Topics.withPrefix("ing.");

    @TempDir
    Path dir;

    @BeforeAll
    static void broker() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(TOPICS, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void restartResumesWithoutLosingOrDuplicating() throws Exception {
        Properties props = kafka.clientProperties();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            send(p, TOPICS.staffAlerts(), "a1", EventJson.toBytes(Fixtures.alert("a1", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0)));
            send(p, TOPICS.staffAlerts(), "a2", EventJson.toBytes(Fixtures.alert("a2", 1, Tier.MODERATOR, Category.PROFANITY, T0)));
            send(p, TOPICS.decisions(), "conv-h", EventJson.toBytes(Fixtures.held("h1", T0)));
            send(p, TOPICS.decisions(), "conv-h", EventJson.toBytes(Fixtures.allow("x1", T0)));
            send(p, TOPICS.staffAlerts(), "bad", "not json".getBytes(StandardCharsets.UTF_8));

            try (AlertStore store = AlertStore.open(dir)) {
                AlertIngestor in = new AlertIngestor(props, "console-test", TOPICS, store).start();
                await(() -> in.recordsSeen() == 5, "first run reads all five records");
                in.close();
                assertEquals(3, in.recordsApplied());
            }

            // while the console is down: an update, a replayed duplicate, a new alert
            send(p, TOPICS.staffAlerts(), "a1", EventJson.toBytes(Fixtures.alert("a1", 2, Tier.SAFEGUARDING, Category.SELF_HARM, T0.plusSeconds(60))));
            send(p, TOPICS.staffAlerts(), "a2", EventJson.toBytes(Fixtures.alert("a2", 1, Tier.MODERATOR, Category.PROFANITY, T0)));
            send(p, TOPICS.staffAlerts(), "a3", EventJson.toBytes(Fixtures.alert("a3", 1, Tier.COUNSELLOR, Category.INSULT, T0)));

            try (AlertStore store = AlertStore.open(dir)) {
                AlertIngestor in = new AlertIngestor(props, "console-test", TOPICS, store).start();
                await(() -> in.recordsSeen() >= 3, "second run reads the three new records");
                Thread.sleep(1500);
                in.close();
                assertEquals(3, in.recordsSeen(), "nothing from before the restart is read again");
                assertEquals(2, in.recordsApplied(), "the replayed duplicate changes nothing");
                AlertRecord a1 = store.alert("a1").orElseThrow();
                assertEquals(2, a1.alert().sequence());
                assertEquals(Tier.SAFEGUARDING, a1.tier());
                assertEquals(List.of("raised", "updated"), a1.history().stream().map(AlertRecord.HistoryEntry::event).toList());
                assertEquals(1, store.alert("a2").orElseThrow().history().size());
                assertTrue(store.alert("a3").isPresent());
                assertEquals(List.of("h1"), store.heldMessages(HeldMessage.Status.PENDING).stream().map(h -> h.decision().id()).toList());
            }

            // a fresh store (lost disk) with the same group still rebuilds everything from the topics' retention
            try (AlertStore store = AlertStore.open(dir.resolve("fresh"))) {
                AlertIngestor in = new AlertIngestor(props, "console-test-rebuild", TOPICS, store).start();
                await(() -> in.recordsSeen() == 8, "rebuild reads all eight records");
                in.close();
                assertEquals(3, store.alerts(Tier.SAFEGUARDING, null).size() + store.alerts(Tier.COUNSELLOR, null).size()
                        + store.alerts(Tier.MODERATOR, null).size());
            }
        }
    }

    @Test
    void originalTextIsFoundOnTheInputTopicsByIdConversationAndTime() throws Exception {
        Properties props = kafka.clientProperties();
        java.time.Instant sent = java.time.Instant.now();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            send(p, TOPICS.chatMessages(), "c", "{\"id\":\"o-0\",\"text\":\"other\"}".getBytes(StandardCharsets.UTF_8));
            send(p, TOPICS.privateMessages(), "c", "not json".getBytes(StandardCharsets.UTF_8));
            // the same message id in another conversation (ids come from the sites): must never be shown for pm-1
            send(p, TOPICS.privateMessages(), "c", ("{\"id\":\"o-1\",\"conversationId\":\"pm-2\",\"senderId\":\"u-a\","
                    + "\"text\":\"another child's words\",\"sentAt\":\"" + sent + "\"}").getBytes(StandardCharsets.UTF_8));
            send(p, TOPICS.privateMessages(), "c", ("{\"id\":\"o-1\",\"conversationId\":\"pm-1\",\"senderId\":\"u-a\","
                    + "\"text\":\"the exact words\",\"sentAt\":\"" + sent + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        KafkaOriginalText originals = new KafkaOriginalText(props, TOPICS);
        assertEquals(java.util.Optional.of("the exact words"), originals.find("o-1", "pm-1", "u-a", sent));
        assertEquals(java.util.Optional.of("another child's words"), originals.find("o-1", "pm-2", null, sent));
        assertEquals(java.util.Optional.empty(), originals.find("o-1", "pm-3", "u-a", sent), "no such message in that conversation");
        assertEquals(java.util.Optional.empty(), originals.find("o-1", "pm-1", "u-b", sent), "not from that sender");
        assertEquals(java.util.Optional.empty(), originals.find("o-404", "pm-1", null, sent));
        assertEquals(java.util.Optional.empty(), originals.find("o-1", "pm-1", "u-a", sent.minus(Duration.ofDays(2))), "outside the time window");
    }

    @Test
    void staffActionsOnTheTopicCarryStaffRoleAndAMuteItsEnd() throws Exception {
        Properties props = kafka.clientProperties();
        java.time.Instant at = java.time.Instant.parse("2026-11-20T10:01:00Z");
        try (KafkaStaffActionSink sink = new KafkaStaffActionSink(props, TOPICS)) {
            sink.publish(new org.chatguard.model.StaffAction("sa-mute", org.chatguard.model.StaffAction.Type.MUTE_CONVERSATION, null,
                    "c1", "a1", Category.INSULT, "s-mod", null, at), Tier.MODERATOR, at.plus(Duration.ofHours(24)));
            sink.publish(new org.chatguard.model.StaffAction("sa-ack", org.chatguard.model.StaffAction.Type.ACKNOWLEDGE_ALERT, null,
                    "c1", "a1", Category.INSULT, "s-cou", null, at), Tier.COUNSELLOR, null);
        }
        Properties c = new Properties();
        c.putAll(props);
        c.put("group.id", "read-staff-actions");
        c.put("auto.offset.reset", "earliest");
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byId = new java.util.HashMap<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(c,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPICS.staffActions()));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (byId.size() < 2 && System.nanoTime() < end) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    var n = EventJson.mapper().readTree(r.value());
                    byId.put(n.get("actionId").asText(), n);
                }
            }
        }
        assertEquals("MODERATOR", byId.get("sa-mute").get("staffRole").asText());
        assertEquals("2026-11-21T10:01:00Z", byId.get("sa-mute").get("until").asText());
        assertEquals("MUTE_CONVERSATION", byId.get("sa-mute").get("type").asText());
        assertEquals("COUNSELLOR", byId.get("sa-ack").get("staffRole").asText());
        assertTrue(byId.get("sa-ack").path("until").isMissingNode() || byId.get("sa-ack").get("until").isNull());
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
