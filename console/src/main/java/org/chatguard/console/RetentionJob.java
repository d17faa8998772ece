package org.chatguard.console;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.RetentionPolicy;

/** Runs the store's retention on a schedule; logs and audits counts, never contents. */
public final class RetentionJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final AlertStore store;
    private final ConsoleService service;
    private final RetentionPolicy policy;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-retention");
        t.setDaemon(true);
        return t;
    });

    /** @param service where the run is audited (every audit line goes through {@link ConsoleService}) */
    public RetentionJob(AlertStore store, ConsoleService service, RetentionPolicy policy) {
        this.store = store;
        this.service = service;
        this.policy = policy;
    }

    public RetentionJob start(Duration every) {
        timer.scheduleWithFixedDelay(this::runSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public RetentionPolicy.Result runOnce() {
        RetentionPolicy.Result r = store.applyRetention(policy);
        LOG.info("retention run: deleted {}", r);
        service.auditSystem("RETENTION", "-", "safeguarding=" + policy.safeguardingRecords().toDays()
                + "d chat=" + policy.chatRecords().toDays() + "d", "OK " + r);
        return r;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("retention run failed: {}", e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
