package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import org.chatguard.connectors.Topics;
import org.chatguard.pipeline.metrics.ChatGuardMetrics;
import org.chatguard.pipeline.metrics.Prometheus;

/**
 * There is no Docker engine on the build machines, so the deployment files are checked against the code
 * instead: image tags follow the versions in the pom, ports and hosts line up between Kafka, Flink,
 * Prometheus and Grafana, the job options file is valid for {@code chatguard run}, and every metric the
 * Grafana dashboard queries is one ChatGuard or Flink really exports (ChatGuard's names are checked on a
 * MiniCluster by PrometheusMetricsTest, Flink's on the real cluster by LocalClusterIT).
 */
class DeploymentFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    private static JsonNode compose;
    private static Map<String, String> flinkProperties;

    @BeforeAll
    static void load() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        root = Files.exists(here.resolve("docker/docker-compose.yml")) ? here : here.getParent();
        compose = YAML.readTree(root.resolve("docker/docker-compose.yml").toFile());
        flinkProperties = flatYaml(compose.at("/x-flink-properties/FLINK_PROPERTIES").asText());
    }

    private static Map<String, String> flatYaml(String text) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        YAML.readTree(text).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(m.find(), name);
        return m.group(1).trim();
    }

    private static JsonNode service(String name) {
        JsonNode s = compose.at("/services/" + name);
        assertFalse(s.isMissingNode(), "service " + name + " missing");
        return s;
    }

    private static String env(JsonNode service, String key) {
        JsonNode e = service.get("environment");
        assertNotNull(e, "environment");
        JsonNode v = e.get(key);
        return v == null ? null : v.asText();
    }

    @Test
    void imagesFollowThePomVersions() throws IOException {
        String flink = pomProperty("flink.version");
        String kafka = pomProperty("kafka.version");
        String dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
        assertTrue(dockerfile.contains("\nFROM flink:" + flink + "-java17\n"), "Dockerfile must build on flink:" + flink + "-java17");
        assertEquals("apache/kafka:" + kafka, service("kafka").get("image").asText());
        String jobImage = service("topics").get("image").asText();
        for (String s : List.of("jobmanager", "taskmanager", "submit")) {
            assertEquals(jobImage, service(s).get("image").asText(), s + " runs the job image");
        }
        assertEquals("docker/Dockerfile", service("topics").at("/build/dockerfile").asText());
        // the build stage needs every module of the reactor, not just the pipeline's
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        while (modules.find()) {
            String m = modules.group(1);
            assertTrue(dockerfile.contains("\nCOPY . ./\n") || dockerfile.contains("COPY " + m + " "), "Dockerfile does not copy module " + m);
        }
        assertEquals("..", service("topics").at("/build/context").asText(), "build context: the repository root");
        String ignore = Files.readString(root.resolve(".dockerignore"));
        assertTrue(ignore.contains("**/target/") && ignore.contains(".git/"), ".dockerignore must keep build output and .git out");
        // the job jar lands where submit.sh and the topics service look for it
        assertTrue(dockerfile.contains("/opt/flink/usrlib/chatguard-job.jar"));
        assertTrue(Files.readString(root.resolve("docker/submit.sh")).contains("/opt/flink/usrlib/chatguard-job.jar"));
        assertTrue(service("topics").get("entrypoint").toString().contains("/opt/flink/usrlib/chatguard-job.jar"));
    }

    @Test
    void flinkIsConfiguredForPrometheusAndDurableCheckpoints() throws IOException {
        assertEquals(Prometheus.FACTORY_CLASS, flinkProperties.get(Prometheus.FACTORY_CLASS_KEY));
        assertEquals("false", flinkProperties.get(Prometheus.FILTER_LABEL_VALUES_KEY), "le buckets need raw label values");
        assertEquals("rocksdb", flinkProperties.get("state.backend.type"));
        assertEquals("jobmanager", flinkProperties.get("jobmanager.rpc.address"));
        String checkpoints = flinkProperties.get("execution.checkpointing.dir");
        assertTrue(checkpoints.startsWith("file:///flink-data/"), checkpoints);
        for (String s : List.of("jobmanager", "taskmanager")) {
            assertTrue(service(s).get("volumes").toString().contains("flink-data:/flink-data"), s + " must see the checkpoint volume");
        }
        // the local cluster's template uses the same reporter settings
        Map<String, String> local = flatYaml(Files.readString(root.resolve("cluster/conf/config.yaml")).replace("@", "x"));
        assertEquals(Prometheus.FACTORY_CLASS, local.get(Prometheus.FACTORY_CLASS_KEY));
        assertEquals("false", local.get(Prometheus.FILTER_LABEL_VALUES_KEY));
        assertEquals("rocksdb", local.get("state.backend.type"));
    }

    @Test
    void prometheusScrapesEveryFlinkProcessOnTheReporterPort() throws IOException {
        JsonNode prom = YAML.readTree(root.resolve("docker/prometheus/prometheus.yml").toFile());
        String port = flinkProperties.get(Prometheus.PORT_KEY);
        Set<String> scraped = new HashSet<>();
        for (JsonNode job : prom.get("scrape_configs")) {
            for (JsonNode sd : job.path("dns_sd_configs")) {
                if (job.get("job_name").asText().startsWith("flink-")) {
                    assertEquals(port, sd.get("port").asText(), job.get("job_name").asText());
                }
                sd.get("names").forEach(n -> scraped.add(n.asText()));
            }
        }
        // the console's job (name and port) is checked against k8s/console.yaml by the console's KubernetesManifestTest
        assertEquals(Set.of("jobmanager", "taskmanager", "console"), scraped);
        assertTrue(service("prometheus").get("volumes").toString().contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml"),
                "the alert rules prometheus.yml loads");
        assertTrue(service("prometheus").get("volumes").toString().contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
        assertTrue(service("prometheus").get("ports").toString().contains("9090:9090"));

        JsonNode ds = YAML.readTree(root.resolve("docker/grafana/provisioning/datasources/prometheus.yml").toFile()).at("/datasources/0");
        assertEquals("http://prometheus:9090", ds.get("url").asText());
        assertEquals("prometheus", ds.get("uid").asText());
        JsonNode dashboards = YAML.readTree(root.resolve("docker/grafana/provisioning/dashboards/chatguard.yml").toFile());
        String path = dashboards.at("/providers/0/options/path").asText();
        assertTrue(service("grafana").get("volumes").toString().contains("./grafana/dashboards:" + path));
    }

    @Test
    void kafkaAndTheJobAgreeOnListenersAndTopics() throws Exception {
        JsonNode kafka = service("kafka");
        assertTrue(env(kafka, "KAFKA_ADVERTISED_LISTENERS").contains("PLAINTEXT://kafka:9092"));
        assertEquals("broker,controller", env(kafka, "KAFKA_PROCESS_ROLES"), "KRaft, no ZooKeeper");
        assertEquals("1", env(kafka, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"), "exactly-once alerts on one broker");

        // the job options file is valid for `chatguard run` and points at the broker
        RunCommand run = new RunCommand();
        new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs("--config", root.resolve("docker/chatguard.yaml").toString());
        run.config.apply();
        assertEquals("kafka:9092", run.kafka.bootstrapServers);
        assertEquals(Topics.defaults(), run.kafka.topics(), "compose uses the default topic names");
        int slots = Integer.parseInt(flinkProperties.get("taskmanager.numberOfTaskSlots"));
        int tms = service("taskmanager").at("/deploy/replicas").asInt();
        assertTrue(run.job.parallelism <= slots * tms, "parallelism " + run.job.parallelism + " needs more than " + slots * tms + " slots");

        // topics are created with at least as many partitions as the job's parallelism
        List<String> cmd = new ArrayList<>();
        service("topics").get("command").forEach(n -> cmd.add(n.asText()));
        assertEquals("create-topics", cmd.get(0));
        assertEquals("kafka:9092", cmd.get(cmd.indexOf("--bootstrap-servers") + 1));
        assertTrue(Integer.parseInt(cmd.get(cmd.indexOf("--partitions") + 1)) >= run.job.parallelism);
        assertEquals(0, ChatGuardCli.commandLine().execute(cmd.get(0), "--help"));
    }

    @Test
    void readmeDocumentsEveryOptionOfRun() throws IOException {
        String readme = Files.readString(root.resolve("README.md"));
        for (CommandLine.Model.OptionSpec o : new CommandLine(new RunCommand()).getCommandSpec().options()) {
            String name = o.longestName();
            if (!name.equals("--help") && !name.equals("--version")) {
                assertTrue(readme.contains("| `" + name) || readme.contains("| `--[no-]" + name.substring(2)),
                        "README's option table lacks " + name);
            }
        }
    }

    @Test
    void dashboardQueriesOnlyMetricsThatExist() throws IOException {
        JsonNode dash = JSON.readTree(root.resolve("docker/grafana/dashboards/chatguard.json").toFile());
        assertEquals("chatguard", dash.get("uid").asText());
        Set<String> known = new HashSet<>(ChatGuardMetrics.FLINK_METRICS_USED);
        known.addAll(ChatGuardMetrics.statefulPrometheusNames());
        for (String n : ChatGuardMetrics.prometheusNames()) {
            known.add(n);
            known.add(n + "_count"); // Flink histograms are exported as summaries
            known.add(n + "_sum");
        }
        Pattern metric = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
        Set<String> used = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : dash.get("panels")) {
            titles.add(p.get("title").asText());
            for (JsonNode t : p.path("targets")) {
                Matcher m = metric.matcher(t.get("expr").asText());
                while (m.find()) {
                    used.add(m.group());
                    assertTrue(known.contains(m.group()), "panel '" + p.get("title").asText() + "' queries unknown metric " + m.group());
                }
            }
            if (!p.get("type").asText().equals("row")) {
                assertEquals("prometheus", p.at("/datasource/uid").asText(), p.get("title").asText());
            }
        }
        // what the issue asks the dashboard to show: throughput, actions, alerts per tier, latency, lag
        for (String[] need : new String[][] {
                {ChatGuardMetrics.KIND, ChatGuardMetrics.MESSAGES_IN}, {ChatGuardMetrics.ACTION, ChatGuardMetrics.DECISIONS},
                {ChatGuardMetrics.TIER, ChatGuardMetrics.ALERTS}, {ChatGuardMetrics.LE, ChatGuardMetrics.DECISION_LATENCY_BUCKET},
                {ChatGuardMetrics.REASON, ChatGuardMetrics.DEAD_LETTERS}}) {
            assertTrue(used.contains(ChatGuardMetrics.prometheusName(need[0], need[1])), need[1] + " not on the dashboard");
        }
        assertTrue(used.contains("flink_taskmanager_job_task_operator_pendingRecords"), "Kafka lag not on the dashboard");
        assertTrue(used.contains("flink_jobmanager_job_lastCheckpointFullSize"), "state size not on the dashboard");
        assertTrue(titles.stream().anyMatch(t -> t.toLowerCase().contains("latency")), titles.toString());
        // labels never carry people or text
        String all = dash.toString();
        for (String forbidden : List.of("senderId", "conversationId", "displayText", "user_id", "text=")) {
            assertFalse(all.contains(forbidden), forbidden);
        }
    }
}
