package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.chatguard.connectors.kafka.EmbeddedKafka;

/**
 * Confidentiality by design: a full run (broker, job, good and bad input) with every logger at INFO
 * must not log a single message text. The scan covers log messages and the stack traces attached.
 */
class ConfidentialityLogScanTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Distinctive fragments of the texts the end-to-end scenario sends. */
    static final List<String> SECRETS = List.of("revising tonight", "homework is fucking", "want to kill myself",
            "go kill yourself", "Scunthorpe was a classic", "load of shit", "still here after all that", "this is not json");

    @Test
    void noMessageTextReachesTheLogs() throws Exception {
        List<String> captured = Collections.synchronizedList(new ArrayList<>());
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        Map<String, LoggerConfig> loggers = config.getLoggers();
        Map<String, Level> before = new java.util.HashMap<>();
        loggers.forEach((name, lc) -> before.put(name, lc.getLevel()));
        AbstractAppender capture = new AbstractAppender("confidentiality-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder sb = new StringBuilder(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter sw = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(sw));
                    sb.append('\n').append(sw);
                }
                captured.add(sb.toString());
            }
        };
        capture.start();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.INFO, null);
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.INFO);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            EndToEndScenario.run(kafka.clientProperties(), "conf.");
        } finally {
            config.getRootLogger().removeAppender("confidentiality-capture");
            before.forEach((name, level) -> Configurator.setLevel(name.isEmpty() ? LogManager.ROOT_LOGGER_NAME : name, level));
            ctx.updateLoggers();
            capture.stop();
        }
        assertTrue(captured.size() > 100, "the scan must actually see the run's logs: " + captured.size());
        List<String> leaks = new ArrayList<>();
        synchronized (captured) {
            for (String line : captured) {
                for (String secret : SECRETS) {
                    if (line.toLowerCase(java.util.Locale.ROOT).contains(secret.toLowerCase(java.util.Locale.ROOT))) {
                        leaks.add(secret + " in: " + line.substring(0, Math.min(300, line.length())));
                    }
                }
            }
        }
        assertTrue(leaks.isEmpty(), "message text leaked into logs:\n" + String.join("\n", leaks));
    }
}
