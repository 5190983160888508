package io.lockdoc.parse.linux.proc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A thread dump's {@code at pkg.Class.method(File.java:N)} lines, and which of them are the application's own. */
final class JavaFrames {
    private static final Pattern AT = Pattern.compile("^\\s*at ([\\w$.<>/]+)\\(([^)]*)\\)");
    /** The JDK and the JVM's own code: a wait there is the library's, the culprit is the caller. */
    private static final Pattern RUNTIME = Pattern.compile("^(?:java|javax|jdk|sun|com\\.sun)[./].*");

    private JavaFrames() {}

    /** {@code [method, file:line or null]} of an {@code at} line, or null for any other line. */
    static String[] frame(String line) {
        if (line.indexOf("at ") < 0) {
            return null;
        }
        Matcher m = AT.matcher(line);
        if (!m.lookingAt()) {
            return null;
        }
        String where = m.group(2);
        return new String[] {m.group(1).replace('/', '.'), where.contains(":") ? where : null};
    }

    /** Whether a class a thread parks on is a lock (ReentrantLock's Sync, a Semaphore), not a condition or a queue. */
    static boolean isSynchronizer(String className) {
        return className.contains("Lock") || className.contains("Sync") || className.contains("Semaphore");
    }

    static boolean isApplication(String[] frame) {
        return frame != null && !RUNTIME.matcher(frame[0]).matches();
    }
}
