package org.chatguard.pipeline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Option;

import org.chatguard.model.Tier;
import org.chatguard.rules.decide.StaffedHours;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.decide.SupportPolicy;

/** How the site is staffed, for {@code run}/{@code demo} and {@code classify}: one set of options, one {@link Staffing}. */
public final class StaffingOptions {

    @Option(names = "--ack-deadline", paramLabel = "TIER=DURATION", split = ",",
            description = "Acknowledgement deadline per tier, in staffed time; an alert not acknowledged by its tier in time "
                    + "goes one tier up (defaults: SAFEGUARDING=PT15M, COUNSELLOR=PT30M, MODERATOR=PT4H).")
    Map<String, Duration> ackDeadlines;

    @Option(names = "--staffed-hours", defaultValue = "08:00-20:00",
            description = "When staff are there, local time HH:MM-HH:MM; 00:00-24:00 = always (default: ${DEFAULT-VALUE}).")
    String staffedHours;

    @Option(names = "--staffed-zone", defaultValue = "Europe/London",
            description = "Time zone of --staffed-hours (default: ${DEFAULT-VALUE}).")
    String staffedZone;

    @Option(names = "--support-config", paramLabel = "FILE",
            description = "YAML with the message and helplines shown to a child who asks for help (default: the bundled "
                    + "UK one: Childline 0800 1111, Samaritans 116 123).")
    Path supportConfig;

    public Staffing staffing() {
        Staffing s = Staffing.defaults().withHours(StaffedHours.parse(staffedHours, staffedZone));
        if (ackDeadlines != null) {
            for (Map.Entry<String, Duration> e : ackDeadlines.entrySet()) {
                Tier t;
                try {
                    t = Tier.valueOf(e.getKey().trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException("--ack-deadline: unknown tier '" + e.getKey()
                            + "' (MODERATOR, COUNSELLOR, SAFEGUARDING)");
                }
                s = s.withAck(t, e.getValue());
            }
        }
        if (supportConfig != null) {
            try {
                s = s.withSupport(SupportPolicy.load(supportConfig));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --support-config " + supportConfig, e);
            }
        }
        return s;
    }
}
