package io.lockdoc.detect;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a sosreport keeps the logical sources lockdoc reads (DESIGN: kernel log, process list,
 * file-lock table, system values), as data: a file at one of these paths is that format, whatever
 * its first bytes look like; every other file of the report is only glanced at. Which of several
 * kernel logs is read (dmesg before the journal before {@code var/log/messages}) is
 * {@code ingest.BundleLayout}'s choice.
 */
final class SosPaths {
    /** Rotations and compressions a log keeps its name through: {@code messages-20261201}, {@code kern.log.2.gz}. */
    static final String ROTATED = "(?:\\.\\d+|-\\d{8})*(?:\\.(?:gz|xz|bz2|zst))?";

    record Known(String source, ArtifactType type, Pattern path) {}

    static final List<Known> KNOWN = List.of(
            known("kernel log", ArtifactType.KERNEL_LOG, "sos_commands/kernel/dmesg(?:_-T)?"),
            known("kernel log", ArtifactType.KERNEL_LOG, "sos_commands/general/dmesg"),
            known(
                    "kernel log",
                    ArtifactType.KERNEL_LOG,
                    "sos_commands/logs/journalctl_--no-pager(?:_(?:--catalog|--boot|-k|--dmesg|-b|-\\d+))*"),
            known("kernel log", ArtifactType.KERNEL_LOG, "var/log/(?:kern\\.log|messages|syslog)" + ROTATED),
            known("process list", ArtifactType.PS, "sos_commands/process/ps_[-\\w]+"),
            known("file-lock table", ArtifactType.PROC_LOCKS, "proc/locks"),
            known("lock statistics", ArtifactType.LOCK_STAT, "proc/lock_stat"),
            known("lockdep graph", ArtifactType.PROC_LOCKDEP, "proc/lockdep(?:_chains)?"),
            known("file-lock table", ArtifactType.LSLOCKS, "sos_commands/(?:filesys|process)/lslocks[-_\\w]*"),
            known("system values", ArtifactType.SYSTEM_VALUES, "proc/(?:stat|loadavg|sys/kernel/tainted)"),
            known("system values", ArtifactType.SYSTEM_VALUES, "sos_commands/kernel/sysctl_-a"));

    private SosPaths() {}

    private static Known known(String source, ArtifactType type, String path) {
        return new Known(source, type, Pattern.compile("(?:.*/)?(?:" + path + ")"));
    }

    /** The format of the file at this path (relative to what was analysed), when it is a known place. */
    static Optional<Known> at(String name) {
        String n = name.replace('\\', '/');
        return KNOWN.stream().filter(k -> k.path().matcher(n).matches()).findFirst();
    }
}
