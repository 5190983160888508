package io.lockdoc.detect;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides what an artifact is from its name AND its first bytes. Content wins over the name: a
 * kernel log renamed {@code foo.txt} is still a kernel log, and a file named {@code dmesg} that
 * holds a PNG is skipped. One {@link Entry} per format; parsers live elsewhere.
 */
public final class FormatDetector {
    /** How much of the head detection reads. */
    public static final int SNIFF_BYTES = 256 * 1024;

    private static final Pattern KERNEL_STAMP = Pattern.compile("(?m)^(?:<\\d>)?\\[\\s*\\d+\\.\\d{3,}\\]");
    private static final Pattern SYSLOG_KERNEL =
            Pattern.compile("(?m)^\\S.{0,40}?\\d\\d:\\d\\d:\\d\\d\\S*\\s+(?:\\d{4}\\s+)?(?:\\S+\\s+)?kernel: ");
    private static final Pattern KERNEL_MARKERS =
            Pattern.compile("possible circular locking dependency|possible recursive locking|inconsistent lock state"
                    + "|INFO: task \\S.* blocked for more than|BUG: soft lockup|detected (?:expedited )?stalls? on CPU"
                    + "|Watchdog detected hard LOCKUP|BUG: spinlock|BUG: sleeping function called"
                    + "|BUG: scheduling while atomic|bad unlock balance detected|suspicious RCU usage"
                    + "|BUG: workqueue lockup|Call Trace:|lock held by|locks held by|Linux version \\d"
                    + "|possible irq lock inversion dependency|trying to register non-static key|Hard LOCKUP"
                    + "|BUG: Invalid wait context|IRQ-safe -> \\w+-unsafe lock order detected");

    /** How much of a file that is only glanced at (one of a sosreport's thousands) detection reads. */
    public static final int GLANCE_BYTES = 16 * 1024;

    /**
     * A kernel log's whole name: its stem, then a rotation or extension ({@code messages.1},
     * {@code kern.log.2.gz}, {@code dmesg.txt}, {@code console-ramoops-0}), never a prefix, so
     * {@code dmesg_restrict}, {@code journald.conf} and {@code journalctl_--disk-usage} are not logs.
     */
    static final Pattern KERNEL_LOG_NAME =
            Pattern.compile("(?:dmesg|kern\\.log|messages|syslog|console(?:-ramoops)?|journal"
                    + "|journalctl(?:_(?:--no-pager|--catalog|--boot|-k|--dmesg|-b|-\\d+))*)"
                    + "(?:[-_.]\\d+|-\\d{8}|\\.(?:txt|log|out|old|gz|xz|bz2|zst))*");

    /** Configuration and unit files: whatever they are called, their name says they are no log. */
    private static final Pattern CONFIG_NAME =
            Pattern.compile(".*\\.(?:conf|service|socket|timer|target|mount|path|rules|cfg|ini|repo|preset)");

    private static final Pattern CAPTURE_INFO = Pattern.compile(
            "\\A(?:[\\w-]+: [^\\n]*\\n){0,8}date_utc: \\d{4}-\\d\\d-\\d\\dT|\\Alockdoc collect: \\d{4}-\\d\\d-\\d\\dT");

    /** One format: what its name looks like and how its content is recognised. */
    record Entry(ArtifactType type, Predicate<String> name, Predicate<String> content) {}

    private static final List<Entry> ENTRIES = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                            UserspaceFormats.collectLog(),
                            // before the kernel log: a run record quotes `uname` ("kernel: Linux ...")
                            new Entry(ArtifactType.CAPTURE_INFO, n -> n.matches("run-info(\\.txt)?"), t -> CAPTURE_INFO
                                    .matcher(t)
                                    .find()),
                            new Entry(
                                    ArtifactType.KERNEL_LOG,
                                    n -> KERNEL_LOG_NAME.matcher(n).matches(),
                                    FormatDetector::looksLikeKernelLog),
                            new Entry(
                                    ArtifactType.PROCMON_CSV,
                                    n -> n.matches("(?i).*(procmon|logfile).*\\.csv"),
                                    WindowsFormats::procmonCsv),
                            new Entry(
                                    ArtifactType.PROCMON_XML,
                                    n -> n.matches("(?i).*(procmon|logfile).*\\.xml"),
                                    WindowsFormats::procmonXml),
                            new Entry(
                                    ArtifactType.EVENTLOG_XML,
                                    n -> n.matches("(?i).*\\.(evtx\\.xml|event\\.xml)"),
                                    WindowsFormats::eventXml),
                            new Entry(ArtifactType.EVENTLOG_TEXT, n -> false, WindowsFormats::eventText),
                            new Entry(
                                    ArtifactType.WINDBG,
                                    n -> n.matches("(?i)(windbg|cdb|kd|ntsd)[-_.].*\\.(txt|log)"),
                                    WindowsFormats::debuggerText)),
                    java.util.stream.Stream.concat(
                            DetectorFormats.entries().stream(), UserspaceFormats.entries().stream()))
            .toList();

    public Detection detect(String name, byte[] head) {
        if (head.length == 0) {
            return Detection.skip("empty file");
        }
        String base = baseName(name);
        if (looksBinary(head)) {
            return Detection.skip("binary data, not a text log");
        }
        String text = decode(head);
        var known = SosPaths.at(name);
        if (known.isPresent()) {
            ArtifactType type = known.get().type();
            boolean content = ENTRIES.stream().filter(e -> e.type() == type).anyMatch(e -> e.content()
                    .test(text));
            return Detection.of(type, content ? "known path and content" : "known path");
        }
        for (Entry e : ENTRIES) {
            boolean byContent = e.content().test(text);
            if (byContent) {
                return Detection.of(e.type(), e.name().test(base) ? "name and content" : "content");
            }
        }
        if (!CONFIG_NAME.matcher(base).matches()) {
            for (Entry e : ENTRIES) {
                if (e.name().test(base)) {
                    return Detection.of(e.type(), "name");
                }
            }
        }
        return Detection.skip(Detection.UNRECOGNISED + " (looked for: " + knownFormats() + ")");
    }

    /** Whether the path is one of a sosreport's known places for a logical source ({@link SosPaths}). */
    public static boolean atSosPath(String name) {
        return SosPaths.at(name).isPresent();
    }

    static String knownFormats() {
        return ENTRIES.stream()
                .map(e -> e.type().id())
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    static boolean looksLikeKernelLog(String text) {
        // timestamps first: most logs show three in their first lines, while the marker search reads all 256 KiB
        var m = KERNEL_STAMP.matcher(text);
        int stamps = 0;
        while (stamps < 3 && m.find()) {
            stamps++;
        }
        return stamps >= 3
                || KERNEL_MARKERS.matcher(text).find()
                || SYSLOG_KERNEL.matcher(text).find();
    }

    /** NULs outside a UTF-16 pattern, or many control characters, mean binary. */
    static boolean looksBinary(byte[] head) {
        int n = Math.min(head.length, 8192);
        boolean allNul = true;
        for (int i = 0; i < n && allNul; i++) {
            allNul = head[i] == 0;
        }
        if (allNul) {
            return true;
        }
        boolean utf16 = n >= 2
                && (((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE)
                        || ((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)
                        || utf16Pattern(head, n));
        if (utf16) {
            return false;
        }
        // a log after an unclean shutdown has runs of NULs where blocks were lost: judge the rest
        int control = 0;
        int nul = 0;
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b == 0) {
                nul++;
            } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b)) {
                control++;
            }
        }
        int text = n - nul;
        if (nul == 0) {
            return control > n / 10;
        }
        return text < 64 || control > text / 10 || !nulRuns(head, n);
    }

    /** NULs in long runs (lost blocks), not scattered between bytes as in binary formats. */
    private static boolean nulRuns(byte[] head, int n) {
        int runs = 0;
        int nul = 0;
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                nul++;
                if (i == 0 || head[i - 1] != 0) {
                    runs++;
                }
            }
        }
        return nul / runs >= 16;
    }

    private static boolean utf16Pattern(byte[] head, int n) {
        int odd = 0;
        int even = 0;
        for (int i = 0; i + 1 < n; i += 2) {
            if (head[i] == 0) {
                even++;
            }
            if (head[i + 1] == 0) {
                odd++;
            }
        }
        int pairs = n / 2;
        return pairs >= 8 && (odd > pairs * 0.9 || even > pairs * 0.9);
    }

    static String decode(byte[] head) {
        int n = head.length;
        if (n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            return new String(head, 2, n - 2, StandardCharsets.UTF_16LE);
        }
        if (n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            return new String(head, 2, n - 2, StandardCharsets.UTF_16BE);
        }
        if (utf16Pattern(head, Math.min(n, 8192))) {
            int odd = 0;
            for (int i = 1; i < Math.min(n, 8192); i += 2) {
                if (head[i] == 0) {
                    odd++;
                }
            }
            return new String(head, odd > 0 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        }
        return new String(head, StandardCharsets.UTF_8).replace("\0", "");
    }

    static String baseName(String name) {
        String n = name.replace('\\', '/');
        int slash = n.lastIndexOf('/');
        return (slash >= 0 ? n.substring(slash + 1) : n).toLowerCase(Locale.ROOT);
    }
}
