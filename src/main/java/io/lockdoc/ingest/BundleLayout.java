package io.lockdoc.ingest;

import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layouts of a diagnostic bundle: lockdoc's own ({@code dmesg.txt}, {@code ps-eLo.txt},
 * {@code proc-locks.txt}, {@code proc/<pid>/...}), a live host's paths ({@code proc/locks}) and a
 * sosreport ({@code sos_commands/...}, {@code var/log/...}). Some logical sources are one thing
 * with several possible paths: the first path found is read and the others are skipped (a kernel
 * log in both {@code dmesg} and {@code var/log/messages} would report each splat twice). Also says
 * what a bundle lacks that would sharpen the diagnosis.
 */
public final class BundleLayout {
    /** Names of lockdoc's own layout, as {@code lockdoc collect} writes them. */
    public static final String OWN_KERNEL_LOG = "dmesg.txt";

    public static final String OWN_PS = "ps-eLo.txt";
    /** The process table built from {@code /proc} when {@code ps} itself did not answer. */
    public static final String OWN_PS_FROM_PROC = "ps-from-proc.txt";

    public static final String OWN_LOCKS = "proc-locks.txt";
    public static final String OWN_STAT = "proc-stat.txt";
    public static final String OWN_LOADAVG = "proc-loadavg.txt";
    public static final String OWN_SYSCTL = "sysctl-hung_task.txt";
    public static final String OWN_TAINTED = "proc/sys/kernel/tainted";
    /** The collector's own mount table: cgroup v2 root and FUSE connections. */
    public static final String OWN_MOUNTINFO = "proc/self/mountinfo";

    /** A logical source and its paths (relative to the capture's root), best first. */
    record Source(String name, List<Pattern> alternatives) {}

    static final List<Source> EXCLUSIVE = List.of(
            new Source(
                    "kernel log",
                    List.of(
                            Pattern.compile("dmesg(\\.txt|\\.log)?"),
                            Pattern.compile("sos_commands/kernel/dmesg.*"),
                            Pattern.compile("sos_commands/general/dmesg.*"),
                            Pattern.compile("var/log/kern\\.log.*"),
                            Pattern.compile("var/log/messages.*"),
                            Pattern.compile("sos_commands/logs/journalctl_--no-pager.*"))),
            new Source(
                    "file-lock table",
                    List.of(
                            Pattern.compile("proc-locks\\.txt|proc/locks"),
                            Pattern.compile("lslocks.*|sos_commands/filesys/lslocks.*"))));

    private static final Pattern PS = Pattern.compile("ps[-_].*|sos_commands/process/ps_.*|top.*");
    private static final Pattern TASK_PROC = Pattern.compile("proc/\\d+/(?:task/\\d+/)?(?:stack|syscall|wchan)");

    private BundleLayout() {}

    /** The entries with duplicates of an exclusive source skipped, plus one entry per gap. */
    public static List<Inputs.Entry> apply(List<Inputs.Entry> entries) {
        if (entries.size() < 2) {
            return entries;
        }
        Map<String, List<Inputs.Entry>> byRoot = new LinkedHashMap<>();
        for (Inputs.Entry e : entries) {
            byRoot.computeIfAbsent(Snapshot.rootOf(e.name()), k -> new ArrayList<>())
                    .add(e);
        }
        Map<String, String> skip = new LinkedHashMap<>();
        Set<String> sosRoots = new LinkedHashSet<>();
        List<Inputs.Entry> gaps = new ArrayList<>();
        for (var root : byRoot.entrySet()) {
            String r = root.getKey();
            List<String> rel = root.getValue().stream()
                    .filter(e -> e.artifact() != null)
                    .map(e -> e.name().substring(r.length()))
                    .toList();
            Set<String> present = new LinkedHashSet<>();
            for (Source s : EXCLUSIVE) {
                String chosen = null;
                for (Pattern alt : s.alternatives()) {
                    List<String> hits =
                            rel.stream().filter(n -> alt.matcher(n).matches()).toList();
                    if (hits.isEmpty()) {
                        continue;
                    }
                    if (chosen == null) {
                        chosen = hits.get(0);
                        present.add(s.name());
                    } else {
                        for (String h : hits) {
                            skip.put(r + h, s.name() + " already read from " + r + chosen);
                        }
                    }
                }
            }
            boolean sos = rel.stream().anyMatch(n -> n.startsWith("sos_commands/"));
            if (sos) {
                sosRoots.add(r);
            }
            boolean ps = rel.stream().anyMatch(n -> PS.matcher(n).matches());
            boolean perTask = rel.stream().anyMatch(n -> TASK_PROC.matcher(n).matches());
            List<String> lacks = new ArrayList<>();
            if (!present.contains("kernel log")) {
                lacks.add("no kernel log (dmesg): hung-task, lockdep and lockup reports cannot be seen");
            }
            if (!ps) {
                lacks.add("no process list (ps -eLo pid,tid,ppid,stat,wchan:32,comm,args): task states are unknown");
            }
            if (!perTask) {
                lacks.add(
                        "no per-task /proc/<pid>/task/<tid>/{stack,syscall,wchan}: what blocked tasks wait for is unknown");
            }
            if (!present.contains("file-lock table")) {
                lacks.add("no /proc/locks or lslocks: file-lock holders and waiters are unknown");
            }
            if (sos) {
                lacks.add("a sosreport collects no per-thread kernel stacks, no SysRq-w/t output and no debugger views;"
                        + " run 'lockdoc collect --pid PID' on the host while it hangs");
            }
            // a capture nested in another (before/) is context: its gaps are not worth a line
            boolean nested = byRoot.keySet().stream().anyMatch(o -> Snapshot.nestedIn(r, o));
            if (!lacks.isEmpty() && !nested) {
                gaps.add(new Inputs.Entry(
                        null, "(bundle" + (r.isEmpty() ? "" : " " + r) + ")", "lacks: " + String.join("; ", lacks)));
            }
        }
        List<Inputs.Entry> out = new ArrayList<>();
        for (Inputs.Entry e : entries) {
            String why = skip.get(e.name());
            if (why != null && e.artifact() != null) {
                out.add(new Inputs.Entry(null, e.name(), why));
            } else if (e.artifact() != null
                    && sosRoots.stream().anyMatch(r -> e.name().startsWith(r))
                    && !FormatDetector.atSosPath(e.name())) {
                // a sosreport holds thousands of files: those at none of its known places are only glanced at
                out.add(new Inputs.Entry(new GlancedArtifact(e.artifact()), e.name(), e.skipReason(), e.problem()));
            } else {
                out.add(e);
            }
        }
        out.addAll(gaps);
        return out;
    }
}
