package org.chatguard.pipeline.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}: the command's options from a YAML or properties file instead of flags. Keys are
 * the long option names without the dashes; flags given on the command line win over the file (for
 * map options such as {@code kafka-property} and {@code topic} the entries are merged, the command
 * line's winning per key). The file goes through the same parser as flags, so types, validation and
 * unknown-option errors are the same, and {@code --help} documents every key.
 *
 * <pre>
 * # chatguard.yaml
 * bootstrap-servers: kafka-1:9093,kafka-2:9093
 * parallelism: 4
 * kafka-property:
 *   security.protocol: SASL_SSL
 *   sasl.mechanism: SCRAM-SHA-512
 *   sasl.jaas.config: ${file:/run/secrets/kafka-jaas}
 * topic:
 *   decisions: site1.decisions
 * </pre>
 *
 * In a {@code .properties} file map entries are written {@code kafka-property.security.protocol=SASL_SSL}.
 */
public final class ConfigOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read options from a YAML (.yaml/.yml) or properties file: keys are the long option names "
                    + "without '--' (maps such as kafka-property and topic as nested keys); flags on the command line "
                    + "override the file.")
    Path config;

    /** Applies the file (if any) to the options the command line did not set. Call first thing in {@code call()}. */
    public void apply() {
        if (config == null) {
            return;
        }
        List<String> tokens;
        try {
            tokens = tokens(config);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // only where: the parser's message may quote the file, and the file may hold secrets
            var at = e.getLocation();
            throw new ParameterException(mixee.commandLine(), "config file " + config + " is not valid YAML"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(mixee.commandLine(), "cannot read config file " + config + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + firstLine(e.getMessage()) + ")"));
        }
        CommandLine fromFile;
        try {
            fromFile = new CommandLine(mixee.userObject().getClass()).setCaseInsensitiveEnumValuesAllowed(true);
            fromFile.parseArgs(tokens.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(mixee.commandLine(), "config file " + config + ": " + e.getMessage());
        } catch (Exception e) {
            throw new ParameterException(mixee.commandLine(), "config file " + config + ": " + e);
        }
        ParseResult cli = mixee.commandLine().getParseResult();
        for (OptionSpec fileOpt : fromFile.getParseResult().matchedOptions()) {
            OptionSpec target = mixee.findOption(fileOpt.longestName());
            if (target == null || target.longestName().equals("--config")) {
                continue;
            }
            Object fileValue = fileOpt.getValue();
            if (!cli.hasMatchedOption(target.longestName())) {
                target.setValue(fileValue);
            } else if (fileValue instanceof Map<?, ?> fileMap && target.getValue() instanceof Map<?, ?> cliMap) {
                Map<Object, Object> merged = new LinkedHashMap<>(fileMap);
                merged.putAll(cliMap);
                target.setValue(merged);
            }
        }
    }

    /** The file as command-line tokens ({@code --key=value}). */
    static List<String> tokens(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".properties")) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            List<String> out = new ArrayList<>();
            for (String key : p.stringPropertyNames().stream().sorted().toList()) {
                String k = strip(key);
                int dot = k.indexOf('.');
                if (dot > 0 && MAP_OPTIONS.contains(k.substring(0, dot))) {
                    out.add("--" + k.substring(0, dot) + "=" + k.substring(dot + 1) + "=" + p.getProperty(key));
                } else {
                    out.add("--" + k + "=" + p.getProperty(key));
                }
            }
            return out;
        }
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        List<String> out = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IOException("expected a mapping of option names to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = strip(e.getKey());
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = m.next();
                    out.add("--" + k + "=" + entry.getKey() + "=" + scalar(k, entry.getValue()));
                }
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    out.add("--" + k + "=" + scalar(k, item));
                }
            } else if (v.isBoolean()) {
                if (v.booleanValue()) {
                    out.add("--" + k);
                }
            } else {
                out.add("--" + k + "=" + scalar(k, v));
            }
        }
        return out;
    }

    /** Options that take KEY=VALUE entries, written as nested keys in a file. */
    static final List<String> MAP_OPTIONS = List.of("kafka-property", "topic");

    private static String scalar(String key, JsonNode v) throws IOException {
        if (!v.isValueNode()) {
            throw new IOException("value of '" + key + "' is nested too deeply");
        }
        return v.asText();
    }

    private static String strip(String key) {
        return key.startsWith("--") ? key.substring(2) : key;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
