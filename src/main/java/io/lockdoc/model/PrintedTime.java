package io.lockdoc.model;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time a kernel log printed beside a report ({@code KernelReport} attribute {@code timestamp}): seconds
 * since boot ({@code [sec.usec]}) or a wall-clock stamp ({@code dmesg -T}, ISO 8601 syslog or journal). One
 * reading for the liveness ages and the JSON report's {@code timestamp}.
 */
public final class PrintedTime {
    private static final Pattern BOOT = Pattern.compile("^\\[?\\s*(\\d+\\.\\d+)\\]?$");
    private static final DateTimeFormatter DMESG_T = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
            .toFormatter(Locale.ENGLISH);

    private PrintedTime() {}

    /** Seconds since boot of a {@code [sec.usec]} stamp, or null for any other. */
    public static Double sinceBoot(String printed) {
        Matcher m = BOOT.matcher(printed.strip());
        return m.matches() ? Double.valueOf(m.group(1)) : null;
    }

    /**
     * A wall-clock stamp: an {@link OffsetDateTime} when it had a zone, else a {@link LocalDateTime} (the
     * host's local time, {@code dmesg -T}); null for none with a year (syslog's {@code Jan  5 10:00:01}).
     */
    public static Temporal wall(String printed) {
        String s = printed.strip();
        try {
            return LocalDateTime.parse(s, DMESG_T);
        } catch (DateTimeParseException e) {
            // not dmesg -T; try ISO below
        }
        String iso = s.replace(' ', 'T').replace(',', '.');
        try {
            return OffsetDateTime.parse(iso.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2"));
        } catch (DateTimeParseException e) {
            // no zone: a local ISO time
        }
        try {
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
