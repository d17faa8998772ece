package org.chatguard.pipeline.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.chatguard.connectors.Topics;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;

/**
 * Publishes a rule pack to the running job. The pack is validated here first, so an operator sees a
 * broken file at once; the job validates it again on arrival and keeps its current pack if it fails.
 *
 * <p>Shadow mode: {@code --shadow} publishes the pack as a candidate ({@link Topics#SHADOW_PACK_KEY}) that runs
 * beside the live pack without acting; {@code --promote} republishes the running candidate as the live pack and
 * ends the shadow run; {@code --drop} ends it (a tombstone under the shadow key). Promotion republishes the pack's
 * text rather than telling the job to swap, so the compacted topic read from the start always holds the live pack
 * under its key and no candidate after a drop.
 */
@Command(name = "publish-rules", mixinStandardHelpOptions = true,
        description = "Validate a rule pack and publish it to the rule-updates topic; running jobs switch to it "
                + "without a restart (decisions then carry its version). --shadow runs it as a candidate beside the live "
                + "pack without acting (differences go to the shadow-diffs topic); --promote makes the running candidate "
                + "live; --drop ends the shadow run.")
public final class PublishRulesCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--file", paramLabel = "FILE", description = "The rule pack (YAML or JSON); required except with --promote/--drop.")
    Path file;

    @Option(names = "--key", defaultValue = Topics.LIVE_PACK_KEY,
            description = "Record key of the live pack; the topic is compacted per key, so the newest pack per key survives (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--shadow", description = "Publish FILE as the candidate of a shadow run (it never acts).")
    boolean shadow;

    @Option(names = "--promote", description = "Make the running shadow candidate the live pack and end the shadow run.")
    boolean promote;

    @Option(names = "--drop", description = "End the shadow run; the live pack is unchanged.")
    boolean drop;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrapServers == null) {
            System.err.println("chatguard publish-rules: --bootstrap-servers is required");
            return 2;
        }
        int modes = (shadow ? 1 : 0) + (promote ? 1 : 0) + (drop ? 1 : 0);
        if (modes > 1) {
            System.err.println("chatguard publish-rules: --shadow, --promote and --drop are exclusive");
            return 2;
        }
        if ((promote || drop) == (file != null)) {
            System.err.println("chatguard publish-rules: " + (file == null ? "--file is required" : "--promote/--drop take no --file"));
            return 2;
        }
        if (Topics.SHADOW_PACK_KEY.equals(key)) {
            System.err.println("chatguard publish-rules: key '" + Topics.SHADOW_PACK_KEY + "' is the shadow run's; use --shadow");
            return 2;
        }
        Properties p = kafka.settings(kafka.bootstrapServers).clientProps();
        String topic = kafka.topics().ruleUpdates();
        String content;
        if (promote) {
            byte[][] latest = {null};
            boolean[] seen = {false};
            TopicRange.read(p, topic, null, null, (int) RulePackLoader.MAX_PACK_BYTES, rec -> {
                if (rec.key() != null && Topics.SHADOW_PACK_KEY.equals(new String(rec.key(), StandardCharsets.UTF_8))) {
                    seen[0] = true;
                    latest[0] = rec.value();
                }
            });
            if (latest[0] == null || latest[0].length == 0) {
                System.err.println("chatguard publish-rules: no shadow run to promote" + (seen[0] ? " (it was dropped)" : ""));
                return 1;
            }
            content = new String(latest[0], StandardCharsets.UTF_8);
        } else if (drop) {
            content = null;
        } else {
            content = Files.readString(file, StandardCharsets.UTF_8);
        }
        RulePack pack = null;
        if (content != null) {
            try {
                pack = RulePackLoader.parse(file == null ? topic + "[" + Topics.SHADOW_PACK_KEY + "]" : file.toString(), content);
            } catch (RulePackException e) {
                System.err.println("chatguard publish-rules: " + e.getMessage());
                return 1;
            }
        }
        p.put("acks", "all");
        p.put("max.request.size", Long.toString(RulePackLoader.MAX_PACK_BYTES + 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            if (drop) {
                RecordMetadata md = producer.send(new ProducerRecord<>(topic, Topics.SHADOW_PACK_KEY, null)).get();
                System.out.printf("shadow run ended (%s[%d]@%d)%n", topic, md.partition(), md.offset());
                return 0;
            }
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, shadow ? Topics.SHADOW_PACK_KEY : key, bytes)).get();
            System.out.printf("published %srule pack %s (%d rules) to %s[%d]@%d%n", shadow ? "shadow " : "",
                    pack.version(), pack.rules().size(), topic, md.partition(), md.offset());
            if (promote) {
                // the job now moderates with it; the candidate's own run ends
                producer.send(new ProducerRecord<>(topic, Topics.SHADOW_PACK_KEY, null)).get();
                System.out.printf("promoted %s to live; shadow run ended%n", pack.version());
            }
        }
        return 0;
    }
}
