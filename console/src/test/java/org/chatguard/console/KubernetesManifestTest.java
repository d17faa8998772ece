package org.chatguard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * k8s/console.yaml against the console's code (no cluster or schema validator here): the container's args
 * parse as {@code chatguard-console serve}, the port, the store directory and the users file line up with the
 * container port, the Service, the PersistentVolumeClaim and Secret mounts, one replica that never overlaps
 * (RocksDB allows one writer), probes on /readyz and /healthz, no secret inline, and the image is the one
 * docker/console.Dockerfile builds with this main class.
 */
class KubernetesManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Path root;
    private static Map<String, JsonNode> byKind;

    @BeforeAll
    static void load() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        root = Files.exists(here.resolve("k8s")) ? here : here.getParent();
        byKind = new HashMap<>();
        try (var docs = YAML.readerFor(JsonNode.class).readValues(root.resolve("k8s/console.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode d = (JsonNode) docs.next();
                byKind.put(d.get("kind").asText(), d);
                assertEquals("chatguard", d.at("/metadata/namespace").asText(), d.get("kind").asText());
            }
        }
    }

    private static JsonNode container() {
        JsonNode cs = byKind.get("Deployment").at("/spec/template/spec/containers");
        assertEquals(1, cs.size());
        return cs.get(0);
    }

    private static String mountOf(String volumeKind, String name) {
        JsonNode spec = byKind.get("Deployment").at("/spec/template/spec");
        for (JsonNode v : spec.get("volumes")) {
            if (v.has(volumeKind) && (name == null || name.equals(v.get(volumeKind).path(volumeKind.equals("secret") ? "secretName" : "claimName").asText()))) {
                for (JsonNode m : container().get("volumeMounts")) {
                    if (m.get("name").asText().equals(v.get("name").asText())) {
                        return m.get("mountPath").asText();
                    }
                }
            }
        }
        return null;
    }

    @Test
    void argsAreAValidServeCommandAndMatchPortsAndVolumes() {
        List<String> args = new ArrayList<>();
        container().get("args").forEach(a -> args.add(a.asText()));
        assertEquals("serve", args.get(0));
        CommandLine cli = new CommandLine(new ConsoleCli());
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        ConsoleCli.Serve serve = (ConsoleCli.Serve) parsed.subcommand().commandSpec().userObject();

        assertEquals("0.0.0.0", serve.bind, "reachable from the Service");
        int port = container().at("/ports/0/containerPort").asInt();
        assertEquals(port, serve.port);
        assertEquals(port, byKind.get("Service").at("/spec/ports/0/targetPort").asInt());
        assertEquals(port, container().at("/readinessProbe/httpGet/port").asInt());
        assertEquals(port, container().at("/livenessProbe/httpGet/port").asInt());
        assertEquals("/readyz", container().at("/readinessProbe/httpGet/path").asText());
        assertEquals("/healthz", container().at("/livenessProbe/httpGet/path").asText());

        String claim = byKind.get("PersistentVolumeClaim").at("/metadata/name").asText();
        assertEquals(Path.of(mountOf("persistentVolumeClaim", claim)), serve.dataDir, "the RocksDB store lives on the claim");
        String usersMount = mountOf("secret", "chatguard-console-users");
        assertTrue(serve.users.startsWith(usersMount), "users file " + serve.users + " comes from the Secret mounted at " + usersMount);
        // Kafka credentials: Kafka's FileConfigProvider reads them from the Secret's file at start-up
        String jaas = serve.kafkaProps.get("sasl.jaas.config");
        assertTrue(jaas.startsWith("${file:" + mountOf("secret", "chatguard-kafka") + "/"), jaas);
        assertEquals("org.apache.kafka.common.config.provider.FileConfigProvider", serve.kafkaProps.get("config.providers.file.class"));
    }

    @Test
    void oneReplicaNeverTwoAtOnce() {
        JsonNode d = byKind.get("Deployment");
        assertEquals(1, d.at("/spec/replicas").asInt());
        assertEquals("Recreate", d.at("/spec/strategy/type").asText(), "a rolling update would open the store twice");
        assertEquals("ReadWriteOnce", byKind.get("PersistentVolumeClaim").at("/spec/accessModes/0").asText());
        assertEquals(d.at("/spec/selector/matchLabels"), d.at("/spec/template/metadata/labels"));
        assertEquals(d.at("/spec/selector/matchLabels"), byKind.get("Service").at("/spec/selector"));
    }

    @Test
    void noSecretIsInline() {
        assertFalse(byKind.containsKey("Secret"), "Secrets are created by the operator of the site, not committed");
        for (JsonNode e : container().path("env")) {
            assertTrue(e.has("valueFrom"), "env " + e.get("name").asText() + " must come from a Secret or ConfigMap");
        }
        for (JsonNode a : container().get("args")) {
            Matcher m = Pattern.compile("--kafka-property=([^=]+)=(.*)").matcher(a.asText());
            if (m.matches() && m.group(1).matches("(?i).*(password|jaas|secret|key).*")) {
                assertTrue(m.group(2).startsWith("${file:"), m.group(1) + " must be read from a mounted Secret");
            }
            assertFalse(a.asText().matches("(?i).*password=.*"), "an inline password: " + a.asText());
        }
    }

    @Test
    void imageIsBuiltByTheConsoleDockerfileWithThisMainClass() throws IOException {
        String dockerfile = Files.readString(root.resolve("docker/console.Dockerfile"));
        assertTrue(dockerfile.contains("\"" + ConsoleCli.class.getName() + "\""), "ENTRYPOINT runs " + ConsoleCli.class.getName());
        String version = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(root.resolve("console/pom.xml")))
                .results().findFirst().orElseThrow().group(1).replace("-SNAPSHOT", "");
        assertEquals("chatguard/console:" + version, container().get("image").asText());
        assertTrue(dockerfile.contains("-t chatguard/console:" + version), "the Dockerfile's build command tags the same image");
        assertTrue(dockerfile.contains("EXPOSE " + container().at("/ports/0/containerPort").asInt()));
    }

    @Test
    void serviceIsTheNamePrometheusScrapes() throws IOException {
        JsonNode prom = YAML.readTree(root.resolve("docker/prometheus/prometheus.yml").toFile());
        JsonNode consoleJob = null;
        for (JsonNode j : prom.get("scrape_configs")) {
            if (j.get("job_name").asText().equals("chatguard-console")) {
                consoleJob = j;
            }
        }
        assertTrue(consoleJob != null, "prometheus.yml scrapes the console");
        assertEquals(byKind.get("Service").at("/metadata/name").asText(), consoleJob.at("/dns_sd_configs/0/names/0").asText());
        assertEquals(byKind.get("Service").at("/spec/ports/0/port").asInt(), consoleJob.at("/dns_sd_configs/0/port").asInt());
    }
}
