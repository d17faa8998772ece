package org.chatguard.load.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ramps the open-loop rate step by step until a step fails: its p99 exceeds the bound, the sender
 * could not keep to the schedule, or decisions were still missing after the drain. Then bisects
 * between the last passing and the failing rate a few times. Every step is a full open-loop run with
 * its own latency histogram.
 */
public final class FindMax {

    /**
     * @param startRate   first step, msgs/s
     * @param factor      next rate = rate * factor while steps pass (&gt; 1)
     * @param maxRate     never go above this
     * @param maxSteps    bound on ramp steps (bisection steps come on top)
     * @param refineSteps bisection steps after the first failure
     * @param p99BoundMs  a step passes only with p99 at or below this
     */
    public record Settings(double startRate, double factor, double maxRate, int maxSteps, int refineSteps, double p99BoundMs) {
        public Settings {
            if (!(startRate > 0) || !(factor > 1) || maxRate < startRate || maxSteps < 1 || refineSteps < 0 || !(p99BoundMs > 0)) {
                throw new IllegalArgumentException("bad find-max settings");
            }
        }
    }

    @FunctionalInterface
    public interface StepRunner {
        RunResult run(int step, double rate) throws Exception;
    }

    /** @param maxRate highest passing rate, {@code null} if even the first step failed */
    public record Outcome(Double maxRate, List<RunResult> steps, List<String> log) {
    }

    private FindMax() {
    }

    /** Why a step failed, or {@code null} when it passed. */
    public static String failure(RunResult r, double p99BoundMs) {
        if (r.missing() > 0) {
            return r.missing() + " decisions missing after drain";
        }
        if (r.sendFailures() > 0) {
            return r.sendFailures() + " sends failed";
        }
        if (r.targetRate() > 0 && r.sentRate() < 0.95 * r.targetRate()) {
            return String.format(Locale.ROOT, "sender reached only %.0f of %.0f msgs/s", r.sentRate(), r.targetRate());
        }
        if (r.latency().p99Ms() > p99BoundMs) {
            return String.format(Locale.ROOT, "p99 %.1f ms > %.1f ms", r.latency().p99Ms(), p99BoundMs);
        }
        return null;
    }

    public static Outcome run(Settings s, StepRunner runner) throws Exception {
        List<RunResult> steps = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Double pass = null;
        Double fail = null;
        double rate = s.startRate();
        int step = 0;
        for (; step < s.maxSteps(); step++) {
            RunResult r = runner.run(step, rate);
            steps.add(r);
            String why = failure(r, s.p99BoundMs());
            log.add(String.format(Locale.ROOT, "step %d at %.0f msgs/s: %s", step, rate, why == null ? "pass" : "FAIL, " + why));
            if (why != null) {
                fail = rate;
                break;
            }
            pass = rate;
            if (rate >= s.maxRate()) {
                log.add("reached --max-rate");
                break;
            }
            rate = Math.min(s.maxRate(), rate * s.factor());
        }
        if (pass != null && fail != null) {
            for (int i = 0; i < s.refineSteps(); i++) {
                double mid = Math.rint((pass + fail) / 2);
                if (mid <= pass || mid >= fail) {
                    break;
                }
                RunResult r = runner.run(++step, mid);
                steps.add(r);
                String why = failure(r, s.p99BoundMs());
                log.add(String.format(Locale.ROOT, "refine %d at %.0f msgs/s: %s", i, mid, why == null ? "pass" : "FAIL, " + why));
                if (why == null) {
                    pass = mid;
                } else {
                    fail = mid;
                }
            }
        }
        return new Outcome(pass, steps, log);
    }
}
