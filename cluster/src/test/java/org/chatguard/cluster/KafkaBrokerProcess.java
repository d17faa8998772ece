package org.chatguard.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, combined broker + controller) in its own JVM, from Kafka's Maven jars, so
 * a test can kill it with SIGKILL and start it again on the same ports and data. Loopback only.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final String classpath;
    private final int brokerPort;
    private final int controllerPort;
    private Process process;

    KafkaBrokerProcess(Path dir, String classpath) throws IOException, InterruptedException {
        this.dir = dir;
        this.classpath = classpath;
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", "4194304");
        try (var out = Files.newBufferedWriter(dir.resolve("server.properties"), StandardCharsets.UTF_8)) {
            p.store(out, "ChatGuard fault-test broker");
        }
        Process format = java("kafka.tools.StorageTool", "format", "-t", "ChatGuardFaultTest0001", "-c",
                dir.resolve("server.properties").toString(), "--ignore-formatted").start();
        if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
            throw new IOException("formatting the broker storage failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    /** Starts the broker and waits until its client port accepts connections. */
    void start() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            }
            try (Socket s = new Socket("localhost", brokerPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("broker did not open port " + brokerPort + "; see " + dir.resolve("broker.log"));
    }

    /** SIGKILL: no clean shutdown, like a crashed machine. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath, main));
        cmd.addAll(List.of(args));
        String log = main.endsWith("StorageTool") ? "format.log" : "broker.log";
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
