package org.chatguard.load.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.load.latency.LatencySummary;

class FindMaxTest {

    /** A system whose p99 is 5 ms up to 30k msgs/s and explodes above. */
    static RunResult step(int step, double rate) {
        double p99 = rate <= 30_000 ? 5 : 800;
        LatencySummary l = new LatencySummary(1000, 1, 2, p99, p99, p99, 1);
        return new RunResult("step-" + step, rate, 1000, 1000, 0, 0, 0, 10, rate, rate, l, l);
    }

    @Test
    void rampsThenBisectsBetweenLastPassAndFirstFailure() throws Exception {
        List<Double> rates = new ArrayList<>();
        FindMax.Outcome o = FindMax.run(new FindMax.Settings(5_000, 2, 1_000_000, 10, 3, 100), (s, r) -> {
            rates.add(r);
            return step(s, r);
        });
        // 5k, 10k, 20k pass; 40k fails; then 30k pass, 35k fail, 32.5k fail
        assertEquals(List.of(5_000.0, 10_000.0, 20_000.0, 40_000.0, 30_000.0, 35_000.0, 32_500.0), rates);
        assertEquals(30_000.0, o.maxRate());
        assertEquals(7, o.steps().size());
    }

    @Test
    void aFirstStepFailureHasNoMaximumAndStragglersFailAStep() throws Exception {
        FindMax.Outcome o = FindMax.run(new FindMax.Settings(50_000, 2, 100_000, 5, 2, 100), FindMaxTest::step);
        assertNull(o.maxRate());
        LatencySummary ok = new LatencySummary(10, 1, 1, 1, 1, 1, 1);
        RunResult missing = new RunResult("x", 100, 100, 99, 1, 0, 0, 1, 100, 99, ok, ok);
        assertTrue(FindMax.failure(missing, 100).contains("missing"));
        RunResult slowSender = new RunResult("x", 100, 50, 50, 0, 0, 0, 1, 50, 50, ok, ok);
        assertTrue(FindMax.failure(slowSender, 100).contains("sender"));
    }

    @Test
    void stopsAtMaxRate() throws Exception {
        FindMax.Outcome o = FindMax.run(new FindMax.Settings(5_000, 2, 12_000, 10, 3, 100), FindMaxTest::step);
        assertEquals(12_000.0, o.maxRate());
        assertEquals(3, o.steps().size());
    }
}
