package io.lockdoc.model;

import java.util.Locale;

/**
 * Whether a finding describes the host as it was captured ({@code live}), something the capture shows
 * is over ({@code past}: its task is gone, or it was printed long before), or cannot say ({@code
 * unknown}: the input has no capture of the host's tasks, such as a lone kernel log).
 *
 * @param ageSeconds how long before the capture the report was printed, or null when the input has no times
 * @param reason one sentence a reader can check ("printed 1 h 02 min before the capture; task 25909 no longer exists")
 */
public record Liveness(State state, Long ageSeconds, String reason) {
    public static final Liveness NO_CAPTURE =
            new Liveness(State.UNKNOWN, null, "the input has no capture of the host's tasks to compare with");

    public enum State {
        LIVE,
        UNKNOWN,
        PAST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code 1 h 02 min}, {@code 4 min 10 s}, {@code 12 s}: an age as a reader says it. */
    public static String age(long seconds) {
        long s = Math.max(0, seconds);
        if (s >= 86_400) {
            return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return s + " s";
    }
}
