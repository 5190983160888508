package io.lockdoc.collect;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fields of {@code /proc/<pid>/status} the attach guard decides on: the state letter, the
 * tracer and the pending signal masks (a pending stop signal stops the task as soon as it runs).
 */
record ProcStatus(char state, String stateText, int tracerPid, long sigPnd, long shdPnd) {
    /** SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU as bits of a pending mask (signal n is bit n-1). */
    static final long STOP_SIGNALS = (1L << 18) | (1L << 19) | (1L << 20) | (1L << 21);

    static ProcStatus parse(byte[] data) {
        char state = '?';
        String text = "";
        int tracer = 0;
        long pnd = 0;
        long shd = 0;
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf(':');
            if (tab < 0) {
                continue;
            }
            String key = line.substring(0, tab);
            String value = line.substring(tab + 1).strip();
            switch (key) {
                case "State" -> {
                    state = value.isEmpty() ? '?' : value.charAt(0);
                    text = value;
                }
                case "TracerPid" -> tracer = parseInt(value);
                case "SigPnd" -> pnd = parseHex(value);
                case "ShdPnd" -> shd = parseHex(value);
                default -> {
                    // not needed to decide
                }
            }
        }
        return new ProcStatus(state, text, tracer, pnd, shd);
    }

    /** T (stopped) or t (stopped by a tracer). */
    boolean stopped() {
        return state == 'T' || state == 't';
    }

    /** A stop signal is pending for the thread or its process. */
    boolean stopPending() {
        return ((sigPnd | shdPnd) & STOP_SIGNALS) != 0;
    }

    /** {@code State T (stopped)}, {@code SigPnd 0x40000} as the log says it. */
    String describe() {
        return "State " + stateText + ", SigPnd 0x" + Long.toHexString(sigPnd) + ", ShdPnd 0x"
                + Long.toHexString(shdPnd);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseHex(String s) {
        try {
            return Long.parseUnsignedLong(s.toLowerCase(Locale.ROOT), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
