package org.chatguard.pipeline.metrics;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.configuration.Configuration;

/**
 * Flink's Prometheus reporter: how the demo (and tests) switch it on for an in-process Flink, and a tiny
 * scraper to read it back. On a cluster the same two settings go into {@code config.yaml}.
 */
public final class Prometheus {

    public static final String FACTORY_CLASS_KEY = "metrics.reporter.prom.factory.class";
    public static final String FACTORY_CLASS = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    public static final String PORT_KEY = "metrics.reporter.prom.port";
    /**
     * Off, so label values reach Prometheus as they are: by default the reporter rewrites every character
     * outside {@code [a-zA-Z0-9:_]} to {@code _}, which would turn the histogram bucket {@code le="0.05"}
     * into {@code 0_05} (and break {@code histogram_quantile}), {@code malformed-json} into {@code malformed_json}
     * and the rule-pack version beyond recognition.
     */
    public static final String FILTER_LABEL_VALUES_KEY = "metrics.reporter.prom.filterLabelValueCharacters";

    private Prometheus() {
    }

    /** Switches the reporter on; {@code port} may be a single port or a range such as {@code 9249-9259}. */
    public static Configuration withReporter(Configuration conf, String port) {
        conf.setString(FACTORY_CLASS_KEY, FACTORY_CLASS);
        conf.setString(PORT_KEY, port);
        conf.setString(FILTER_LABEL_VALUES_KEY, "false");
        return conf;
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** GET {@code http://host:port/metrics}. */
    public static String scrape(String host, int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics on " + host + ":" + port + " returned " + r.statusCode());
        }
        return r.body();
    }

    /** One sample of the text exposition format: {@code name{labels} value}. */
    public record Sample(String name, String labels, double value) {
        /** The value of one label, or null. */
        public String label(String key) {
            String k = key + "=\"";
            int i = labels.indexOf(k);
            if (i < 0 || (i > 0 && labels.charAt(i - 1) != ',')) {
                return null;
            }
            int from = i + k.length();
            int to = labels.indexOf('"', from);
            return to < 0 ? null : labels.substring(from, to);
        }
    }

    /** Parses the text exposition format (comments skipped). */
    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name;
            String labels;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                labels = line.substring(brace + 1, line.lastIndexOf('}'));
            } else {
                name = line.substring(0, space);
                labels = "";
            }
            try {
                out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
            } catch (NumberFormatException e) {
                // NaN variants etc.: not ours
            }
        }
        return out;
    }

    /** Sum of all samples named {@code name} whose label {@code key} (if not null) equals {@code value}. */
    public static double sum(List<Sample> samples, String name, String key, String value) {
        double s = 0;
        for (Sample x : samples) {
            if (x.name().equals(name) && (key == null || value.equals(x.label(key)))) {
                s += x.value();
            }
        }
        return s;
    }
}
