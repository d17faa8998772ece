package org.chatguard.load.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.load.latency.IntervalSample;
import org.chatguard.load.run.RunResult;

/**
 * What a load, replay or find-max command measured: written as JSON (for tooling and comparisons over
 * time) and as one self-contained HTML page (inline SVG, no scripts or CDN) for people.
 *
 * @param settings   the command's parameters as given
 * @param machine    cores, load average at start and end (other builds may share the machine)
 * @param runs       one result per run (find-max: per step)
 * @param maxRate    find-max: the highest rate that met the bound; {@code null} otherwise
 * @param series     per-second samples over the whole command
 */
public record LoadReport(
        String command,
        String startedAt,
        double seconds,
        Map<String, Object> settings,
        Map<String, String> machine,
        List<RunResult> runs,
        Double maxRate,
        List<IntervalSample> series,
        List<String> notes) {

    /** Writes {@code <base>.json} and {@code <base>.html}; returns both paths. */
    public List<Path> write(Path base) throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path json = base.resolveSibling(base.getFileName() + ".json");
        Path html = base.resolveSibling(base.getFileName() + ".html");
        Files.write(json, EventJson.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this));
        Files.writeString(html, HtmlReport.render(this), StandardCharsets.UTF_8);
        return List.of(json, html);
    }

    /** Cores and load average, so a reader knows what else was running. */
    public static Map<String, String> machineInfo() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            load = "unknown";
        }
        return Map.of("cores", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "loadavg", load,
                "java", System.getProperty("java.version"));
    }
}
