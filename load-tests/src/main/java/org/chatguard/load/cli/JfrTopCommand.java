package org.chatguard.load.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Summarises a JFR recording's CPU samples: where time is spent (self), and which methods are on the stack (total). */
@Command(name = "jfr-top", mixinStandardHelpOptions = true,
        description = "Top frames of jdk.ExecutionSample events in a JFR file: self time, total (inclusive) time, optionally per thread name.")
public final class JfrTopCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The .jfr file.")
    Path file;

    @Option(names = "--top", defaultValue = "25", description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--thread", description = "Only samples of threads whose name contains this (e.g. 'moderate', 'Source').")
    String thread;

    @Option(names = "--include", description = "Total table: only methods whose class starts with this (e.g. org.chatguard).")
    String include;

    @Override
    public Integer call() throws Exception {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            String tn = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            if (thread != null && (tn == null || !tn.contains(thread))) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(tn == null ? "?" : tn.replaceAll("\\d+", "#"), 1, Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n) && (include == null || n.startsWith(include))) {
                    total.merge(n, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%d execution samples%s%n", samples, thread == null ? "" : " in threads matching '" + thread + "'");
        print("threads", threads, samples);
        print("self (top frame)", self, samples);
        print("total (on stack)" + (include == null ? "" : ", " + include + "*"), total, samples);
        return 0;
    }

    private void print(String title, Map<String, Integer> m, int samples) {
        System.out.println();
        System.out.println(title + ":");
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(en ->
                System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * en.getValue() / Math.max(1, samples), en.getValue(), en.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
