package org.chatguard.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Drives {@code bin/chatguard-cluster} from tests the way an operator would, with the Flink classpath
 * and job jar of this build, and cleans up whatever it leaves behind.
 */
final class ClusterScript {

    static final Path HOME = Path.of(System.getProperty("chatguard.home", ".."));

    private ClusterScript() {
    }

    record Result(int code, String output) {
    }

    /** Runs {@code bin/chatguard-cluster args...}; its output goes to a file in {@code outDir} and is returned. */
    static Result run(Path outDir, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", HOME.resolve("bin/chatguard-cluster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CHATGUARD_FLINK_CLASSPATH", System.getProperty("chatguard.flinkClasspath", ""));
        pb.environment().put("CHATGUARD_JOB_JAR", System.getProperty("chatguard.jobJar", ""));
        Files.createDirectories(outDir);
        Path out = Files.createTempFile(outDir, args[0] + "-", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeout + ":\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out));
    }

    /** Last resort: kill whatever the stop command left running, by the pids the start command recorded. */
    static void killAll(Path clusterDir) {
        Path pids = clusterDir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return;
        }
        try (Stream<Path> files = Files.list(pids)) {
            files.forEach(f -> {
                try {
                    ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).ifPresent(ProcessHandle::destroyForcibly);
                } catch (IOException | NumberFormatException e) {
                    // already gone
                }
            });
        } catch (IOException e) {
            // nothing to kill
        }
    }

    static boolean waitFor(Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
