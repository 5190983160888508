package io.lockdoc.parse.linux.proc;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Problem;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers shared by the /proc and user-space tool parsers. */
final class Lines {
    private static final Pattern PROC_PATH =
            Pattern.compile("(?:^|/)proc/(\\d+)/(?:task/(\\d+)/)?(?:fdinfo/(\\d+)|[^/]+)$");

    private Lines() {}

    static Evidence at(String artifact, int line, String text) {
        return new Evidence(artifact, line, line, List.of(new Evidence.QuotedLine(line, text)));
    }

    static Evidence span(String artifact, int first, int last, List<Evidence.QuotedLine> quoted) {
        return new Evidence(artifact, first, Math.max(first, last), quoted);
    }

    static Problem problem(String artifact, int line, String message) {
        return new Problem(Problem.ErrorId.UNREADABLE, artifact, line, message);
    }

    /** {@code [pid, tid, fd]} from a {@code proc/<pid>[/task/<tid>]/...} path; null entries when absent. */
    static Integer[] procIds(String artifact) {
        Matcher m = PROC_PATH.matcher(artifact.replace('\\', '/'));
        if (!m.find()) {
            return null;
        }
        Integer pid = Integer.valueOf(m.group(1));
        Integer tid = m.group(2) == null ? pid : Integer.valueOf(m.group(2));
        Integer fd = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        return new Integer[] {pid, tid, fd};
    }

    static Integer intOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long longOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double doubleOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A tid as a JVM or tool prints it: {@code 0x15cc} or {@code 5580}. */
    static Integer tid(String s) {
        try {
            return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String hex(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
