package io.lockdoc.parse.linux.detectors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stack frames as the detectors print them, and which of them are the program's own code. */
final class Frames {
    /** TSan: {@code #1 transfer /src/abba.c:11 (abba+0x120b)}; clang adds a column, a frame without debug info no file. */
    private static final Pattern TSAN =
            Pattern.compile("^\\s*#\\d{1,4} (.+?)(?: (\\S+?):(\\d+)(?::\\d+)?| <null>)? \\(([^()]*)\\)\\s*$");
    /** Valgrind: {@code at 0x484976E: ??? (in /usr/libexec/...so)}, {@code by 0x1091DD: refund (abba.c:18)}. */
    private static final Pattern VALGRIND =
            Pattern.compile("^\\s*(?:at|by) 0x[0-9A-Fa-f]+: (.+) \\((in [^()]*|[^()]*?)\\)\\s*$");
    /** bcc: {@code @ 00000000004024d0 pthread_mutex_lock}. */
    /** {@code @ 7f3a.. sym} (older bcc) or {@code 0x00007f3a.. sym} (newer). */
    private static final Pattern BCC = Pattern.compile("^\\s*(?:@ [0-9a-f]{1,16}|0x[0-9a-f]{1,16}) (.+?)\\s*$");

    private static final Pattern FILE_LINE = Pattern.compile("^(\\S+):(\\d+)$");

    /** libc, libpthread, libstdc++ lock and thread machinery, and the detectors' own interceptors. */
    private static final Pattern MACHINERY = Pattern.compile("^(?:\\?\\?\\?|<null>|\\[unknown\\]"
            + "|_*(?:GI_)*_*(?:pthread_\\w+|lll_\\w+|futex_\\w+|gthread_\\w+|syscall|clone\\w*|start_thread|libc_\\w+)(?:@.*)?"
            + "|(?:void )?std::(?:mutex|recursive_mutex|timed_mutex|recursive_timed_mutex|shared_mutex|shared_timed_mutex"
            + "|lock_guard|unique_lock|scoped_lock|shared_lock|lock|try_lock|thread|_Bind_simple|__invoke\\w*|_Function\\w*"
            + "|__future\\w*|call_once|execute_native_thread_routine)\\b.*"
            + "|execute_native_thread_routine|_ZNSt\\w+|__interceptor_\\w+|__tsan_\\w+)$");

    private static final Pattern MACHINERY_FILE = Pattern.compile(
            "(?:^|/)(?:libsanitizer|sanitizer_common|tsan)/|vgpreload_|/libc\\.so|/libpthread|/libstdc\\+\\+");

    private static final Pattern VALGRIND_PREFIX = Pattern.compile("^==\\d{1,9}==\\s?");

    /** Valgrind's banner line {@code Command: ./abba arg}. */
    static final Pattern COMMAND = Pattern.compile("^Command: (\\S{1,4096})");

    /** A frame line is short; a longer one is no frame, and is not worth backtracking over. */
    private static final int MAX_FRAME = 4096;

    private Frames() {}

    /** A Valgrind line without its {@code ==PID==} prefix (a paste may have dropped it already). */
    static String unprefixed(String line) {
        Matcher m = VALGRIND_PREFIX.matcher(line);
        return m.find() ? line.substring(m.end()) : line;
    }

    /**
     * A frame: the function as printed, its {@code file:line} (the file's base name) or null, and
     * the binary it is in where the line says (TSan's {@code (abba+0x120b)}), else null.
     */
    record Frame(String function, String location, String module, boolean own) {}

    static Frame tsan(String line) {
        if (line.length() > MAX_FRAME) {
            return null;
        }
        Matcher m = TSAN.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String file = m.group(2);
        String module = m.group(4).replaceFirst("\\+0x[0-9a-fA-F]+$", "");
        Frame f = frame(m.group(1), file == null ? null : base(file) + ":" + m.group(3), file == null ? module : file);
        return new Frame(f.function(), f.location(), base(module), f.own());
    }

    static Frame valgrind(String line) {
        if (line.length() > MAX_FRAME) {
            return null;
        }
        Matcher m = VALGRIND.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String where = m.group(2);
        Matcher f = FILE_LINE.matcher(where);
        return frame(m.group(1), f.matches() ? base(f.group(1)) + ":" + f.group(2) : null, where);
    }

    static Frame bcc(String line) {
        if (line.length() > MAX_FRAME) {
            return null;
        }
        Matcher m = BCC.matcher(line);
        return m.matches() ? frame(m.group(1), null, "") : null;
    }

    private static Frame frame(String function, String location, String where) {
        String fn = function.trim();
        boolean own = !MACHINERY.matcher(fn).matches()
                && !MACHINERY_FILE.matcher(where).find()
                && !(location != null
                        && location.matches("(?:pthread_\\w+|lowlevellock|futex-internal|clone)\\.[chS]:\\d+"));
        // bcc prints symbols as the binary has them: a C++ lambda is _ZZ4mainENKUlvE2_clEv
        return new Frame(fn.startsWith("_Z") ? io.lockdoc.model.FunctionNames.normalize(fn) : fn, location, null, own);
    }

    static String base(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
