package org.chatguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The job jar operators {@code flink run}: ChatGuard and its libraries, but not Flink itself, the
 * embedded broker, Scala, logging backends or RocksDB's JNI (which would clash with Flink's own
 * frocksdbjni and break every checkpoint).
 */
class JobJarIT {

    @Test
    void containsTheJobAndNothingTheClusterProvides() throws IOException {
        Path jar = Path.of(System.getProperty("chatguard.jobJar", "missing"));
        assertTrue(Files.isRegularFile(jar), jar + " missing: mvn package builds it");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("org.chatguard.pipeline.cli.JobMain", j.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> names = j.stream().map(e -> e.getName()).toList();
            for (String must : List.of("org/chatguard/pipeline/ChatGuardJob.class", "org/chatguard/rules/ModerationEngine.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class", "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "org/apache/lucene/analysis/Analyzer.class", "picocli/CommandLine.class")) {
                assertTrue(names.contains(must), must + " missing");
            }
            for (String prefix : List.of("org/apache/flink/runtime/", "org/apache/flink/streaming/api/", "org/apache/flink/api/common/",
                    "scala/", "kafka/server/", "org/apache/kafka/common/test/", "org/rocksdb/", "org/apache/logging/log4j/",
                    "org/slf4j/", "io/prometheus/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(prefix)), prefix + " must not be in the job jar");
            }
            assertTrue(names.stream().noneMatch(n -> n.contains("librocksdbjni")), "no RocksDB native library");
        }
        long mb = Files.size(jar) / (1024 * 1024);
        System.out.println("job jar: " + Files.size(jar) + " bytes");
        assertTrue(mb < 60, "job jar grew to " + mb + " MB: did Flink or the broker get in?");
    }
}
