package org.chatguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker/prometheus/alerts.yml: {@code promtool test rules} passes on alerts.test.yml (series in, alerts out),
 * every alert is tested firing at least once, every alert links a runbook entry that exists in
 * docker/RUNBOOK.md, and both the compose configuration and the one LocalClusterIT derives from it pass
 * {@code promtool check config}. The promtool parts need Debian's prometheus package (.ci/run installs it
 * and also runs promtool itself, so CI cannot pass with them skipped).
 */
class AlertRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path PROM = ClusterScript.HOME.resolve("docker/prometheus");

    private static Optional<Path> promtool() {
        return PrometheusServer.binary().map(p -> p.resolveSibling("promtool")).filter(Files::isExecutable);
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "promtool timed out");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() throws Exception {
        Optional<Path> promtool = promtool();
        Assumptions.assumeTrue(promtool.isPresent(), "skipped: promtool not installed (apt-get install prometheus)");
        String out = run(PROM, promtool.get().toString(), "test", "rules", "alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
        run(PROM, promtool.get().toString(), "check", "rules", "alerts.yml");
    }

    @Test
    void composeAndLocalConfigurationsAreValid() throws Exception {
        Optional<Path> promtool = promtool();
        Assumptions.assumeTrue(promtool.isPresent(), "skipped: promtool not installed (apt-get install prometheus)");
        run(PROM, promtool.get().toString(), "check", "config", "prometheus.yml");
        Path dir = Files.createTempDirectory("prom-config");
        Files.copy(PROM.resolve("alerts.yml"), dir.resolve("alerts.yml"));
        Files.writeString(dir.resolve("prometheus.yml"), PrometheusServer.localConfig(PrometheusServer.COMPOSE_CONFIG,
                Map.of("flink-jobmanager", List.of("localhost:9249"), "flink-taskmanager", List.of("localhost:9250"))));
        run(dir, promtool.get().toString(), "check", "config", "prometheus.yml");
    }

    @Test
    void localConfigurationOnlySwapsServiceDiscovery() throws IOException {
        JsonNode compose = YAML.readTree(PrometheusServer.COMPOSE_CONFIG.toFile());
        JsonNode local = YAML.readTree(PrometheusServer.localConfig(PrometheusServer.COMPOSE_CONFIG,
                Map.of("flink-jobmanager", List.of("localhost:1"), "flink-taskmanager", List.of("localhost:2", "localhost:3"))));
        assertEquals(compose.get("global"), local.get("global"));
        assertEquals(compose.get("rule_files"), local.get("rule_files"));
        assertEquals(2, local.get("scrape_configs").size(), "the console job is left out when no console runs");
        JsonNode tm = local.get("scrape_configs").get(1);
        assertEquals("flink-taskmanager", tm.get("job_name").asText());
        assertEquals("[\"localhost:2\",\"localhost:3\"]", tm.at("/static_configs/0/targets").toString());
        assertTrue(tm.path("dns_sd_configs").isMissingNode());
    }

    @Test
    void everyAlertIsTestedFiringAndHasARunbookEntry() throws IOException {
        JsonNode rules = YAML.readTree(PROM.resolve("alerts.yml").toFile());
        JsonNode tests = YAML.readTree(PROM.resolve("alerts.test.yml").toFile());
        String runbook = Files.readString(ClusterScript.HOME.resolve("docker/RUNBOOK.md"));
        Set<String> anchors = new TreeSet<>();
        Matcher h = Pattern.compile("(?m)^## (\\S+)").matcher(runbook);
        while (h.find()) {
            anchors.add(h.group(1).toLowerCase());
        }
        Set<String> firedInTests = new TreeSet<>();
        for (JsonNode t : tests.get("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                if (!a.path("exp_alerts").isEmpty()) {
                    firedInTests.add(a.get("alertname").asText());
                }
            }
        }
        Set<String> alerts = new TreeSet<>();
        for (JsonNode g : rules.get("groups")) {
            for (JsonNode r : g.get("rules")) {
                String name = r.get("alert").asText();
                alerts.add(name);
                String link = r.at("/annotations/runbook").asText();
                assertTrue(link.startsWith("docker/RUNBOOK.md#"), name + ": runbook annotation " + link);
                assertTrue(anchors.contains(link.substring(link.indexOf('#') + 1)), name + ": no RUNBOOK.md section for " + link);
                assertTrue(Set.of("critical", "warning").contains(r.at("/labels/severity").asText()), name + ": severity");
            }
        }
        assertEquals(alerts, firedInTests, "every alert needs a promtool test where it fires");
    }
}
