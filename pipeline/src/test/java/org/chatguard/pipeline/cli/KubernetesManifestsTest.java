package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.chatguard.pipeline.metrics.Prometheus;

/**
 * k8s/chatguard-job.yaml (Flink Kubernetes Operator) against the code, as DeploymentFilesTest does for compose
 * (no cluster or published-schema validator is obtainable here): the image and jar are the ones the
 * Dockerfile builds, the job args with the ConfigMap's chatguard.yaml are a valid {@code chatguard run},
 * RocksDB with checkpoints and savepoints on the mounted claim, savepoint upgrade mode, the Prometheus
 * reporter on the port prometheus.yml scrapes, and Kafka secrets read from a mounted Secret, never inline.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Path root;
    private static Map<String, JsonNode> byKind;

    @BeforeAll
    static void load() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        root = Files.exists(here.resolve("k8s")) ? here : here.getParent();
        byKind = new HashMap<>();
        try (var docs = YAML.readerFor(JsonNode.class).readValues(root.resolve("k8s/chatguard-job.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode d = (JsonNode) docs.next();
                byKind.put(d.get("kind").asText(), d);
                assertEquals("chatguard", d.at("/metadata/namespace").asText(), d.get("kind").asText());
            }
        }
    }

    private static JsonNode spec() {
        JsonNode fd = byKind.get("FlinkDeployment");
        assertNotNull(fd);
        assertEquals("flink.apache.org/v1beta1", fd.get("apiVersion").asText());
        return fd.get("spec");
    }

    private static JsonNode mainContainer() {
        for (JsonNode c : spec().at("/podTemplate/spec/containers")) {
            if (c.get("name").asText().equals("flink-main-container")) {
                return c; // the operator merges this into the JobManager and TaskManager containers
            }
        }
        throw new AssertionError("podTemplate lacks flink-main-container");
    }

    /** Mount path of the pod volume whose {@code kind} source (persistentVolumeClaim, configMap, secret) is {@code source}. */
    private static String mountOf(String kind, String field, String source) {
        for (JsonNode v : spec().at("/podTemplate/spec/volumes")) {
            if (source.equals(v.path(kind).path(field).asText())) {
                for (JsonNode m : mainContainer().get("volumeMounts")) {
                    if (m.get("name").asText().equals(v.get("name").asText())) {
                        return m.get("mountPath").asText();
                    }
                }
            }
        }
        throw new AssertionError("no mounted " + kind + " " + source);
    }

    @Test
    void imageAndJarAreTheOnesTheDockerfileBuilds() throws IOException {
        JsonNode compose = YAML.readTree(root.resolve("docker/docker-compose.yml").toFile());
        assertEquals(compose.at("/services/jobmanager/image").asText(), spec().get("image").asText());
        String jar = spec().at("/job/jarURI").asText();
        assertTrue(jar.startsWith("local://"), jar);
        assertTrue(Files.readString(root.resolve("docker/Dockerfile")).contains("COPY --from=build /chatguard-job.jar " + jar.substring("local://".length())));
        String flink = java.util.regex.Pattern.compile("<flink.version>(\\d+)\\.(\\d+)").matcher(Files.readString(root.resolve("pom.xml")))
                .results().findFirst().map(m -> "v" + m.group(1) + "_" + m.group(2)).orElseThrow();
        assertEquals(flink, spec().get("flinkVersion").asText(), "flinkVersion follows the pom's Flink");
    }

    @Test
    void jobArgsWithTheConfigMapAreAValidRunCommand(@TempDir Path tmp) throws Exception {
        List<String> args = new ArrayList<>();
        spec().at("/job/args").forEach(a -> args.add(a.asText()));
        assertEquals("run", args.get(0));
        String configPath = args.get(args.indexOf("--config") + 1);
        // the ConfigMap mounted where --config points
        JsonNode cm = byKind.get("ConfigMap");
        String mount = mountOf("configMap", "name", cm.at("/metadata/name").asText());
        Path file = Path.of(configPath);
        assertEquals(Path.of(mount), file.getParent());
        String yaml = cm.at("/data").get(file.getFileName().toString()).asText();
        Path local = tmp.resolve("chatguard.yaml");
        Files.writeString(local, yaml);
        args.set(args.indexOf("--config") + 1, local.toString());

        RunCommand run = new RunCommand();
        new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        run.config.apply();
        assertEquals(spec().at("/job/parallelism").asInt(), run.job.parallelism);
        assertEquals("rocksdb", run.job.stateBackend);
        assertEquals(null, run.job.checkpointDir, "checkpoints go where flinkConfiguration says");
        // Kafka secrets: read from the mounted Secret by SecretValues, never written into the ConfigMap
        String jaas = run.kafka.kafkaProperties.get("sasl.jaas.config");
        assertTrue(jaas.startsWith("${file:" + mountOf("secret", "secretName", "chatguard-kafka") + "/"), jaas);
        assertFalse(yaml.toLowerCase().matches("(?s).*password\\s*[:=]\\s*[^$\\s].*"), "no inline password");
        assertFalse(byKind.containsKey("Secret"), "Secrets are created on the cluster, never committed");
    }

    @Test
    void rocksDbCheckpointsOnTheClaimAndSavepointUpgrades() {
        JsonNode conf = spec().get("flinkConfiguration");
        assertEquals("rocksdb", conf.get("state.backend.type").asText());
        assertEquals("true", conf.get("execution.checkpointing.incremental").asText());
        String data = mountOf("persistentVolumeClaim", "claimName", byKind.get("PersistentVolumeClaim").at("/metadata/name").asText());
        for (String k : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir")) {
            assertTrue(conf.get(k).asText().startsWith("file://" + data + "/"), k + " must be on the mounted claim " + data);
        }
        assertEquals("ReadWriteMany", byKind.get("PersistentVolumeClaim").at("/spec/accessModes/0").asText(),
                "the JobManager and every TaskManager write checkpoints");
        assertEquals("savepoint", spec().at("/job/upgradeMode").asText());
        assertEquals("RETAIN_ON_CANCELLATION", conf.get("execution.checkpointing.externalized-checkpoint-retention").asText());
        int slots = conf.get("taskmanager.numberOfTaskSlots").asInt();
        assertTrue(slots >= 1 && spec().at("/job/parallelism").asInt() >= 1);
    }

    @Test
    void prometheusReporterOnThePortPrometheusScrapes() throws IOException {
        JsonNode conf = spec().get("flinkConfiguration");
        assertEquals(Prometheus.FACTORY_CLASS, conf.get(Prometheus.FACTORY_CLASS_KEY).asText());
        assertEquals("false", conf.get(Prometheus.FILTER_LABEL_VALUES_KEY).asText(), "le buckets need raw label values");
        String port = conf.get(Prometheus.PORT_KEY).asText();
        assertEquals(port, mainContainer().at("/ports/0/containerPort").asText());
        assertEquals(port, spec().at("/podTemplate/metadata/annotations").get("prometheus.io/port").asText());
        JsonNode prom = YAML.readTree(root.resolve("docker/prometheus/prometheus.yml").toFile());
        for (JsonNode job : prom.get("scrape_configs")) {
            if (job.get("job_name").asText().startsWith("flink-")) {
                assertEquals(port, job.at("/dns_sd_configs/0/port").asText(), job.get("job_name").asText());
            }
        }
    }
}
