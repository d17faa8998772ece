package org.chatguard.pipeline.cli;

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

import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelFile;
import org.chatguard.rules.ml.ModelFileException;

/**
 * Publishes a model file (from {@code chatguard train}) to the running job, on the rule-updates topic under
 * its own key (the topic is compacted per key: the newest pack and the newest model both survive). Validated
 * here first; the job validates it again and keeps its current model if it fails.
 */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = "Validate a model file and publish it to the rule-updates topic; running jobs switch to it "
                + "without a restart (decisions then carry its version).")
public final class PublishModelCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The model file (.cgm).")
    Path file;

    @Option(names = "--key", defaultValue = "model",
            description = "Record key (default: ${DEFAULT-VALUE}; keep it apart from the packs' keys).")
    String key;

    @Override
    public Integer call() throws Exception {
        if (kafka.bootstrapServers == null) {
            System.err.println("chatguard publish-model: --bootstrap-servers is required");
            return 2;
        }
        byte[] bytes = Files.readAllBytes(file);
        LinearModel m;
        try {
            m = ModelFile.read(bytes, file.toString());
        } catch (ModelFileException e) {
            System.err.println("chatguard publish-model: " + e.getMessage());
            return 1;
        }
        Properties p = kafka.settings(kafka.bootstrapServers).clientProps();
        p.put("acks", "all");
        p.put("max.request.size", Integer.toString(bytes.length + 4096));
        String topic = kafka.topics().ruleUpdates();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, key, bytes)).get();
            System.out.printf("published model %s (%d bytes, %s) to %s[%d]@%d%n", m.version(), bytes.length, m.concerns(),
                    topic, md.partition(), md.offset());
        }
        return 0;
    }
}
