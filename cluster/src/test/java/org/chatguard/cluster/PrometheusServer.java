package org.chatguard.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for the cluster tests, configured from
 * the compose stack's {@code docker/prometheus/prometheus.yml} with only the service discovery swapped:
 * each job's {@code dns_sd_configs} become {@code static_configs} of the local processes, everything else
 * (intervals, job names, rule files) stays as deployed. Listens on loopback only.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path COMPOSE_CONFIG = ClusterScript.HOME.resolve("docker/prometheus/prometheus.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code prometheus} binary on the PATH (.ci/run installs the Debian package), if any. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The compose configuration with each job's DNS discovery replaced by the given targets; jobs without
     * targets here (e.g. the console when a test does not run one) are left out.
     */
    static String localConfig(Path composeConfig, Map<String, List<String>> targetsByJob) throws IOException {
        JsonNode root = YAML.readTree(composeConfig.toFile());
        ArrayNode jobs = (ArrayNode) root.get("scrape_configs");
        for (int i = jobs.size() - 1; i >= 0; i--) {
            ObjectNode job = (ObjectNode) jobs.get(i);
            List<String> targets = targetsByJob.get(job.get("job_name").asText());
            if (targets == null) {
                jobs.remove(i);
                continue;
            }
            job.remove("dns_sd_configs");
            ArrayNode t = job.putArray("static_configs").addObject().putArray("targets");
            targets.forEach(t::add);
        }
        return YAML.writeValueAsString(root);
    }

    /** Starts Prometheus in {@code dir} with {@link #localConfig} and the rule files next to the compose config. */
    static PrometheusServer start(Path binary, Path dir, int port, Map<String, List<String>> targetsByJob)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        JsonNode rules = YAML.readTree(COMPOSE_CONFIG.toFile()).path("rule_files");
        for (JsonNode r : rules) {
            Files.copy(COMPOSE_CONFIG.resolveSibling(r.asText()), dir.resolve(r.asText()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, localConfig(COMPOSE_CONFIG, targetsByJob));
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(p, port);
        boolean ready = ClusterScript.waitFor(Duration.ofSeconds(60), () -> {
            try {
                return p.isAlive() && server.get("/-/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (!ready) {
            server.close();
            throw new IOException("Prometheus not ready after 60 s: " + Files.readString(dir.resolve("prometheus.log")));
        }
        return server;
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(port, path);
    }

    /** {@code /api/v1/query}: the {@code data.result} array of an instant query (throws on an error status). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode r = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body());
        if (!"success".equals(r.path("status").asText())) {
            throw new IOException(promql + ": " + r);
        }
        return r.at("/data/result");
    }

    /** {@code /api/v1/rules}: every rule group Prometheus loaded. */
    JsonNode ruleGroups() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body()).at("/data/groups");
    }

    /** {@code /api/v1/targets}: the active scrape targets. */
    JsonNode targets() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/targets").body()).at("/data/activeTargets");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
