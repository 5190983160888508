package io.lockdoc.detect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Detection entries for C/C++ lock detectors' reports and runtimes' own dumps (Go), asked before the
 * user-space formats: their stacks look like a debugger's, their headers are their own.
 */
final class DetectorFormats {
    private static final Pattern TSAN = Pattern.compile("(?m)^\\s*WARNING: ThreadSanitizer: \\S");
    /** Valgrind's banner names the tool; a paste without it still has a Helgrind lock error. */
    private static final Pattern HELGRIND = Pattern.compile(
            "(?m)^(?:==\\d+== )?Helgrind, a thread error detector|^(?:==\\d+== )?Thread #\\d+(?:: lock order \"0x|: Attempt to re-lock a non-recursive lock| unlocked a not-locked lock)");

    private static final Pattern DRD = Pattern.compile(
            "(?m)^(?:==\\d+== )?drd, a thread error detector|^(?:==\\d+== )?(?:Recursive locking not allowed: |(?:Mutex|Reader-writer lock) not locked(?: by calling thread)?: |Lock on (?:mutex|rwlock) 0x[0-9a-f]+ was held during )");
    private static final Pattern BCC_DEADLOCK =
            Pattern.compile("(?m)^\\s*Potential Deadlock Detected!|^\\s*Cycle in lock order graph: Mutex M\\d+ \\("
                    // a paste cut below the header: an edge line is bcc's alone
                    + "|^\\s*Mutex M\\d+ \\([^)]*0x[0-9a-f]+\\) acquired here while holding Mutex M\\d+ \\(");

    /** A goroutine header of Go's dump format, at the start of a line. */
    private static final Pattern GOROUTINE =
            Pattern.compile("(?m)^goroutine \\d+ (?:gp=\\S+ m=\\S+ (?:mp=\\S+ )?)?\\[[^\\]\\n]{1,80}\\]:\\s*$");

    /** faulthandler's thread header, or py-spy dump's (thread id, state, name). */
    private static final Pattern PYTHON_THREADS = Pattern.compile(
            "(?m)^(?:Current thread|Thread) 0x[0-9a-fA-F]{1,16} \\(most recent call first\\):$|^Thread (?:0x[0-9a-fA-F]{1,16}|\\d{1,10}) \\((?:idle|active)[^)\n]{0,20}\\)(?:: \"[^\"\n]{0,200}\")?$");

    private DetectorFormats() {}

    static List<FormatDetector.Entry> entries() {
        return List.of(
                new FormatDetector.Entry(ArtifactType.TSAN, n -> n.matches("tsan([-_.].*)?"), t -> TSAN.matcher(t)
                        .find()),
                new FormatDetector.Entry(
                        ArtifactType.HELGRIND, n -> n.matches("helgrind([-_.].*)?"), t -> HELGRIND.matcher(t)
                                .find()),
                new FormatDetector.Entry(ArtifactType.DRD, n -> n.matches("drd([-_.].*)?"), t -> DRD.matcher(t)
                        .find()),
                new FormatDetector.Entry(
                        ArtifactType.BCC_DEADLOCK,
                        n -> n.matches("bcc[-_]deadlock([-_.].*)?"),
                        t -> BCC_DEADLOCK.matcher(t).find()),
                new FormatDetector.Entry(
                        ArtifactType.GO_GOROUTINES,
                        n -> n.matches("(goroutines?|goroutine-dump)([-_.].*)?"),
                        t -> GOROUTINE.matcher(t).find()),
                new FormatDetector.Entry(
                        ArtifactType.PYTHON_THREADS,
                        n -> n.matches("(py-?spy|faulthandler|python-threads)([-_.].*)?"),
                        t -> PYTHON_THREADS.matcher(t).find()));
    }
}
