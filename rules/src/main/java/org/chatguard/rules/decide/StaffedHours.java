package org.chatguard.rules.decide;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When staff are there to answer: a daily window in the site's time zone (the policies: 8am to 8pm, UK
 * time; {@code 00:00-24:00} is always). Acknowledgement deadlines count staffed time only, so an alert
 * raised at night is due the stated time after staff arrive, not escalated through every tier while nobody
 * can answer; and a child who asks for help outside the window is told staff are not there now.
 *
 * @param start inclusive, local time
 * @param end   exclusive, local time, after {@code start}; {@link LocalTime#MAX} stands for 24:00
 */
public record StaffedHours(LocalTime start, LocalTime end, ZoneId zone) implements Serializable {

    private static final long serialVersionUID = 1L;

    public StaffedHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("staffed hours must end after they start (overnight windows are not supported)");
        }
    }

    public static StaffedHours defaults() {
        return new StaffedHours(LocalTime.of(8, 0), LocalTime.of(20, 0), ZoneId.of("Europe/London"));
    }

    /** {@code HH:MM-HH:MM} ({@code 24:00} allowed as the end) in the named zone. */
    public static StaffedHours parse(String window, String zone) {
        String[] p = window.trim().split("-");
        if (p.length != 2) {
            throw new IllegalArgumentException("staffed hours must look like 08:00-20:00, got '" + window + "'");
        }
        try {
            LocalTime end = p[1].trim().equals("24:00") ? LocalTime.MAX : LocalTime.parse(p[1].trim());
            return new StaffedHours(LocalTime.parse(p[0].trim()), end, ZoneId.of(zone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("staffed hours must look like 08:00-20:00 in a zone such as Europe/London: "
                    + e.getMessage());
        }
    }

    public boolean always() {
        return start.equals(LocalTime.MIDNIGHT) && end.equals(LocalTime.MAX);
    }

    public boolean staffed(Instant t) {
        if (always()) {
            return true;
        }
        LocalTime local = t.atZone(zone).toLocalTime();
        return !local.isBefore(start) && local.isBefore(end);
    }

    /** {@code d} of staffed time after {@code from}: the instant a deadline of {@code d} set at {@code from} falls due. */
    public Instant addStaffed(Instant from, Duration d) {
        if (always()) {
            return from.plus(d);
        }
        Instant t = from;
        Duration left = d;
        LocalDate day = from.atZone(zone).toLocalDate();
        // bounded: a deadline is minutes or hours; a week of windows covers any sane setting
        for (int i = 0; i < 400; i++) {
            Instant open = ZonedDateTime.of(day, start, zone).toInstant();
            Instant close = end.equals(LocalTime.MAX) ? ZonedDateTime.of(day.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                    : ZonedDateTime.of(day, end, zone).toInstant();
            if (t.isBefore(open)) {
                t = open;
            }
            if (t.isBefore(close)) {
                Duration avail = Duration.between(t, close);
                if (left.compareTo(avail) <= 0) {
                    return t.plus(left);
                }
                left = left.minus(avail);
                t = close;
            }
            day = day.plusDays(1);
        }
        return t.plus(left);
    }

    /** For people: "8am to 8pm (Europe/London)". */
    public String describe() {
        return always() ? "at all hours" : clock(start) + " to " + (end.equals(LocalTime.MAX) ? "midnight" : clock(end))
                + " (" + zone.getId() + ")";
    }

    private static String clock(LocalTime t) {
        int h = t.getHour();
        String hh = (h % 12 == 0 ? 12 : h % 12) + (t.getMinute() == 0 ? "" : String.format(":%02d", t.getMinute()));
        return hh + (h < 12 ? "am" : "pm");
    }
}
