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

import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;

/**
 * Publishes a rule pack to the running job. The pack is validated here first, so an operator sees a
 * broken file at once; the job validates it again on arrival and keeps its current pack if it fails.
 */
@Command(name = "publish-rules", mixinStandardHelpOptions = true,
        description = "Validate a rule pack and publish it to the rule-updates topic; running jobs switch to it "
                + "without a restart (decisions then carry its version).")
public final class PublishRulesCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The rule pack (YAML or JSON).")
    Path file;

    @Option(names = "--key", defaultValue = "default",
            description = "Record key; the topic is compacted per key, so the newest pack per key survives (default: ${DEFAULT-VALUE}).")
    String key;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrapServers == null) {
            System.err.println("chatguard publish-rules: --bootstrap-servers is required");
            return 2;
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        RulePack pack;
        try {
            pack = RulePackLoader.parse(file.toString(), content);
        } catch (RulePackException e) {
            System.err.println("chatguard publish-rules: " + e.getMessage());
            return 1;
        }
        Properties p = kafka.settings(kafka.bootstrapServers).clientProps();
        p.put("acks", "all");
        p.put("max.request.size", Long.toString(RulePackLoader.MAX_PACK_BYTES + 1024));
        String topic = kafka.topics().ruleUpdates();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, key, content.getBytes(StandardCharsets.UTF_8))).get();
            System.out.printf("published rule pack %s (%d rules) to %s[%d]@%d%n",
                    pack.version(), pack.rules().size(), topic, md.partition(), md.offset());
        }
        return 0;
    }
}
