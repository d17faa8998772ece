package org.chatguard.connectors.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code sentAt} parsing. Sites send one of a few shapes ({@code 2026-11-27T09:15:02Z},
 * {@code 2026-11-27T09:15:02.123+01:00}); those are read here directly, which is many times cheaper than
 * {@link OffsetDateTime#parse} (a tenth of the job's parse time went there). Anything else (lower-case
 * {@code t}/{@code z}, no seconds, offsets with seconds, six-digit years, out-of-range fields ...) goes to
 * {@link OffsetDateTime#parse}, so what is accepted, what is refused and the instant produced are exactly
 * as before: the fast path only answers for strings {@code OffsetDateTime.parse} reads the same way.
 */
public final class IsoTimestamps {

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoTimestamps() {
    }

    /** @throws DateTimeParseException when {@link OffsetDateTime#parse} would */
    public static Instant parse(String s) {
        Instant fast = fast(s);
        return fast != null ? fast : OffsetDateTime.parse(s).toInstant();
    }

    /** The common shapes only; {@code null} for anything the fast path does not vouch for. */
    static Instant fast(String s) {
        int n = s.length();
        // yyyy-MM-ddTHH:mm:ss is 19 chars, then at least "Z"
        if (n < 20 || n > 35 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int dim = month == 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
        if (day > dim) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                i++;
            }
            int k = i - start;
            if (k < 1 || k > 9) {
                return null;
            }
            nanos = digits(s, start, k) * NANO_SCALE[k];
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char c = s.charAt(i);
        if (c == 'Z') {
            if (i + 1 != n) {
                return null;
            }
            offsetSeconds = 0;
        } else if (c == '+' || c == '-') {
            // +HH:MM exactly
            if (i + 6 != n || s.charAt(i + 3) != ':') {
                return null;
            }
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59 || (oh == 18 && om != 0)) {
                return null;
            }
            offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay = epochDay(year, month, day);
        long secs = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(secs, nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The non-negative value of {@code len} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Same arithmetic as {@link java.time.LocalDate#toEpochDay()}, for years 0-9999. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long m = month;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * m - 362) / 12;
        total += day - 1;
        if (m > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - 719_528L;
    }
}
