package io.lockdoc.parse.linux;

import io.lockdoc.model.Completeness;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Frame;
import io.lockdoc.model.HeldLock;
import io.lockdoc.model.KernelReport;
import io.lockdoc.model.KernelReportKind;
import io.lockdoc.model.KernelTrace;
import io.lockdoc.model.KernelWaitEdge;
import io.lockdoc.model.LockRef;
import io.lockdoc.model.LockdepChainLink;
import io.lockdoc.model.ScenarioStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the lines of one kernel report and reads its structure: the lockdep sections (lock
 * being acquired, lock held, dependency chain, scenario table, held-lock lists), the task line,
 * taint, modules and the call trace. Decides where the report ends; never what it means.
 */
final class ReportCollector {
    static final int MAX_REPORT_LINES = 5000;
    private static final int MAX_TRACES = 64;
    private static final int MAX_TRACE_FRAMES = 200;
    private static final int MAX_QUOTED = 24;

    enum Offer {
        ACCEPTED,
        SKIPPED,
        ENDED
    }

    private enum Section {
        HEADER,
        ACQUIRING,
        HELD,
        CHAIN,
        OTHER_INFO,
        CHAIN_SUMMARY,
        SCENARIO,
        HELD_LOCKS,
        BACKTRACE,
        CALL_TRACE,
        AFTER_TRACE
    }

    private static final Pattern TRYING = Pattern.compile(
            "^(?<task>.+?)/(?<pid>\\d+)(?: \\[[^\\]]*\\])? (?:is trying to (?:acquire|release)(?: lock)?|takes|just changed the state of lock):\\s*$");
    private static final Pattern TRYING_OLD =
            Pattern.compile("^(?<task>.+?)/(?<pid>\\d+)(?: \\[[^\\]]*\\])? is trying to (?:acquire|release)");
    /** Old bad-unlock form: {@code task/1 is trying to release lock (mrt_lock) at:} then the frame on the next line. */
    private static final Pattern RELEASE_AT = Pattern.compile("is trying to release lock \\((?<cls>.*)\\) at:\\s*$");

    static final Pattern LOCK = Pattern.compile(
            "^(?:#\\d+:\\s*)?(?:[0-9a-fA-F]{8,16}\\s+)?\\((?<cls>.*)\\)\\{(?<usage>[^}]*)\\}(?:-\\{[^}]*\\})?"
                    + "(?:, at: (?:\\[<[0-9a-fA-F]+>\\]\\s*)?(?<at>\\S+))?");
    private static final Pattern CHAIN_LINK =
            Pattern.compile("^-> #(?<idx>\\d+) \\((?<cls>.*)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?:?\\s*$");
    private static final Pattern HELD_HEADER =
            Pattern.compile("^(?<n>\\d+|no) locks? (?:held|on stack) by (?<task>.+?)/(?<pid>\\d+)(?:/\\d+)?:");
    private static final Pattern HELD_ENTRY = Pattern.compile("^#(?<idx>\\d+):\\s*(?<rest>.*)$");
    static final Pattern FRAME = Pattern.compile(
            "^(?:\\[<[0-9a-fA-F]+>\\]\\s*)?(?<unrel>\\?\\s+)?(?:\\[<[0-9a-fA-F]+>\\]\\s*)?(?<fn>[A-Za-z_.$][\\w.$]*)"
                    + "(?<off>\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)?(?:\\s+(?<src>[\\w/.\\-]+:\\d+))?(?<inline>\\s+\\[inline\\])?"
                    + "(?:\\s+\\[(?<mod>[\\w\\-]+)\\])?\\s*$");
    private static final Pattern CPU_LINE = Pattern.compile(
            "^CPU: (?<cpu>\\d+)(?: UID: \\d+)? PID: (?<pid>\\d+) Comm: (?<comm>.+?) (?:(?<not>Not tainted)|Tainted: (?<taint>[A-Z](?: +[A-Z])*))\\s+(?<rel>\\d+\\.\\d+\\S*)");
    private static final Pattern VERSION_LINE = Pattern.compile(
            "^(?<rel>\\d+\\.\\d+\\S*) #\\S+(?: (?:(?<not>Not tainted)|Tainted: (?<taint>[A-Z](?: +[A-Z])*)))?");
    private static final Pattern TRACE_START =
            Pattern.compile("^(?:Call Trace|Call trace|Backtrace):?\\s*$|^Call Trace:");
    private static final Pattern TRACE_NOISE = Pattern.compile(
            "^(?:</?(?:IRQ|TASK|NMI|EOI|SOFTIRQ)>|RIP: |RSP: |RAX: |RDX: |RBP: |R\\d+: |FS: |CS: |CR2: |DR[0-7]: |Code: |EFLAGS|ORIG_RAX"
                    + "|pc : |lr : |sp : |x\\d+ ?: |pstate: |---\\[ end |Kernel Offset:|Rebooting in|Modules linked in:|irq event stamp:"
                    + "|hardirqs last|softirqs last|Hardware name:|Workqueue: |Exception stack|Dumping ftrace|Kernel panic|CPU: )");
    /** ARM's {@code [<80...>] (callee) from [<80...>] (caller+0x44/0x2c0)}: the callee is the frame. */
    private static final Pattern ARM_FRAME = Pattern.compile(
            "^\\[<[0-9a-fA-F]+>\\]\\s*\\((?<fn>[A-Za-z_.$][\\w.$]*)(?<off>\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)?\\) from \\[<[0-9a-fA-F]+>\\]");
    /**
     * Between the stacks of a multi-stack report (stalls, lockups, hung tasks): the lines that
     * introduce the next stack or list the locks held, so the report stays open over them.
     */
    private static final Pattern MULTI_CONTEXT = Pattern.compile(
            "^(?:NMI backtrace for cpu|Sending NMI from CPU|rcu: |\\(detected by|\\(t=|All QSes seen|rcu_\\w+ kthread|\\w+ kthread starved"
                    + "|task:|INFO: task .+ (?:is )?blocked on |Showing all locks held|Showing busy workqueues|workqueue |  ?pwq \\d+|  ?in-flight|  ?pending|pool \\d+"
                    + "|\\d+ locks? held by|no locks held by|#\\d+:|=+$|-+$|\\S+\\s+[RDSIT][ +<]|Task dump|Unless rcu_|Possible timer handling|\\.\\.\\.|\\d+-\\.\\.\\.|\\{"
                    + "|\\s*\\d+: \\(\\d+ |Modules linked in|CPU: \\d+ |Hardware name|RIP: |Code: |\\w{2,3}: |\\? |\\S+ \\(.*\\) is blocked on)");

    /** The hung-task blocker lines of kernels 6.15+ (CONFIG_DETECT_HUNG_TASK_BLOCKER). */
    static final Pattern BLOCKER = Pattern.compile(
            "^INFO: task (?<w>.+?):(?<wp>\\d+)(?: <(?:reader|writer)>)? (?:is )?blocked on an? (?<kind>mutex|rw-semaphore|semaphore)"
                    + "(?:,? likely (?:owned by|last held by) task (?<o>.+?):(?<op>\\d+)(?: <(?:reader|writer)>)?\\.?\\s*$|,? but the (?:owner|last holder) is not found)");

    private static final Pattern TASK_STATE = Pattern.compile("^task:\\S.*?\\s+state:(?<state>\\S)");
    private static final Pattern MODULES = Pattern.compile("^Modules linked in:(?<mods>.*)$");

    private final String artifact;
    private final KernelReport.Builder builder;
    private final String caller;
    private final int firstLine;
    private int lastLine;
    private int lineCount;
    private Section section = Section.HEADER;
    private boolean traceSeen;
    private boolean traceEnded;
    private final boolean multiStack;
    private int traces;
    private String traceContext;
    private List<Frame> traceFrames;
    private final List<KernelWaitEdge> edges = new ArrayList<>();
    private Matcher pendingBlocker;
    private int pendingBlockerLine;
    private String pendingBlockerText;
    private String pendingState;
    private final List<Evidence.QuotedLine> quoted = new ArrayList<>();
    private String pendingLock;
    private List<Frame> linkFrames;
    private int linkIndex = -1;
    private String linkClass;
    private int linkLine;
    private String heldTask;
    private int heldPid;
    private int cpu1Column = -1;

    ReportCollector(String artifact, int ordinal, KernelBanners.Match banner, KernelLine line, KernelLine previous) {
        this.artifact = artifact;
        this.builder = KernelReport.builder(artifact, ordinal, banner.kind());
        this.caller = line.caller();
        this.multiStack = switch (banner.kind()) {
            case HUNG_TASK, RCU_STALL, SOFT_LOCKUP, HARD_LOCKUP, WORKQUEUE_LOCKUP -> true;
            default -> false;};
        this.traceContext = line.trimmed();
        boolean ruled = previous != null
                && previous.number() == line.number() - 1
                && previous.trimmed().matches("^(?:=+|-+|-+\\[ cut here \\]-+)$");
        this.firstLine = ruled ? previous.number() : line.number();
        this.lastLine = line.number();
        builder.banner(line.trimmed());
        String task = banner.group("task");
        String pid = banner.group("pid");
        if (task != null) {
            builder.task(task, pid == null ? null : Integer.valueOf(pid));
        }
        builder.attribute("cpu", banner.group("cpu"));
        builder.attribute("timestamp", line.timestamp());
        builder.attribute(
                "seconds", firstNonNull(banner.group("secs"), banner.group("iosecs"), banner.group("diesecs")));
        quote(line);
    }

    Offer offer(KernelLine line) {
        if (caller != null && line.caller() != null && !caller.equals(line.caller())) {
            return Offer.SKIPPED; // another task's output interleaved with this report
        }
        if (lineCount >= MAX_REPORT_LINES) {
            return Offer.ENDED;
        }
        String t = line.trimmed();
        if (traceSeen && !traceEnded && !isTraceLine(t)) {
            traceEnded = true;
        }
        if (traceEnded && !continuesAfterTrace(t) && !(multiStack && continuesBetweenStacks(t, line.number()))) {
            return Offer.ENDED;
        }
        lineCount++;
        lastLine = line.number();
        read(line, t);
        return Offer.ACCEPTED;
    }

    private boolean isTraceLine(String t) {
        if (t.isEmpty()) {
            return false;
        }
        return FRAME.matcher(t).matches()
                || ARM_FRAME.matcher(t).find()
                || TRACE_NOISE.matcher(t).find()
                || t.startsWith("? ");
    }

    private boolean continuesBetweenStacks(String t, int number) {
        Matcher b = BLOCKER.matcher(t);
        if (b.find()) {
            flushBlocker();
            pendingBlocker = b;
            pendingBlockerLine = number;
            pendingBlockerText = t;
            pendingState = null;
        }
        Matcher st = TASK_STATE.matcher(t);
        if (st.find() && pendingBlocker != null) {
            pendingState = st.group("state");
        }
        if (t.isEmpty()
                || TRACE_START.matcher(t).find()
                || MULTI_CONTEXT.matcher(t).find()) {
            if (!t.isEmpty() && !TRACE_START.matcher(t).find() && !t.startsWith("#") && !t.startsWith("?")) {
                traceContext = t;
            }
            return true;
        }
        return false;
    }

    /** After the call trace, only trailing parts of the same report keep it open. */
    private boolean continuesAfterTrace(String t) {
        return TRACE_NOISE.matcher(t).find() || t.startsWith("---[ end");
    }

    private void read(KernelLine line, String t) {
        Matcher m;
        if (TRACE_START.matcher(t).find()) {
            if (!traceSeen) {
                traceSeen = true;
                section = Section.CALL_TRACE;
                startTrace(line);
            } else if (multiStack && traces < MAX_TRACES) {
                closeTrace();
                traceEnded = false;
                section = Section.CALL_TRACE;
                startTrace(line);
            } else {
                traceEnded = true;
            }
            return;
        }
        if (section == Section.CALL_TRACE && !traceEnded) {
            if ((t.startsWith("</IRQ>") || t.startsWith("<EOI>")) && builder.attribute("irqEndLine") == null) {
                builder.attribute("irqEndLine", String.valueOf(line.number()));
            }
            m = FRAME.matcher(t);
            Frame f = null;
            if (m.matches()) {
                f = frame(m, line.number());
            } else if ((m = ARM_FRAME.matcher(t)).find()) {
                f = new Frame(m.group("fn"), m.group("off"), null, true, line.number());
            }
            if (f != null) {
                if (traces == 1) {
                    builder.frame(f);
                }
                if (traceFrames != null && traceFrames.size() < MAX_TRACE_FRAMES) {
                    traceFrames.add(f);
                }
            }
            return;
        }
        if (traceFrames != null) {
            closeTrace();
        }
        if (t.startsWith("task:") || t.startsWith("NMI backtrace for cpu")) {
            traceContext = t;
        }
        if ((m = CPU_LINE.matcher(t)).find()) {
            if (builder.task() == null) {
                builder.task(m.group("comm"), Integer.valueOf(m.group("pid")));
            }
            builder.attribute("cpu", builder.attribute("cpu") == null ? m.group("cpu") : builder.attribute("cpu"));
            taint(m.group("not"), m.group("taint"));
            builder.kernelRelease(m.group("rel"));
            return;
        }
        if ((m = MODULES.matcher(t)).find()) {
            builder.modulesLinkedIn(Arrays.stream(m.group("mods").trim().split("\\s+"))
                    .filter(s -> !s.isBlank())
                    .map(s -> s.replaceAll("\\(.*\\)$", ""))
                    .toList());
            return;
        }
        if (section == Section.HEADER && (m = VERSION_LINE.matcher(t)).find()) {
            builder.kernelRelease(m.group("rel"));
            taint(m.group("not"), m.group("taint"));
            return;
        }
        if ((m = TRYING.matcher(t)).find() || (m = TRYING_OLD.matcher(t)).find()) {
            builder.task(m.group("task"), Integer.valueOf(m.group("pid")));
            section = Section.ACQUIRING;
            Matcher rel = RELEASE_AT.matcher(t);
            pendingLock = rel.find() ? rel.group("cls") : null;
            quote(line);
            return;
        }
        if (pendingLock != null && section == Section.ACQUIRING && builder.acquiring() == null) {
            Matcher f = FRAME.matcher(t);
            String cls = pendingLock;
            pendingLock = null;
            if (f.matches()) {
                builder.acquiring(new LockRef(cls, null, f.group("fn") + nullToEmpty(f.group("off")), line.number()));
                quote(line);
                return;
            }
        }
        if (t.startsWith("but task is already holding lock")
                || t.startsWith("and this task is already holding")
                || t.contains(" is freeing memory ")) {
            section = Section.HELD;
            quote(line);
            return;
        }
        if (t.startsWith("the existing dependency chain")) {
            section = Section.CHAIN;
            return;
        }
        if ((m = CHAIN_LINK.matcher(t)).find()) {
            closeLink();
            section = Section.CHAIN;
            linkIndex = Integer.parseInt(m.group("idx"));
            linkClass = m.group("cls");
            linkLine = line.number();
            linkFrames = new ArrayList<>();
            quote(line);
            return;
        }
        if (t.startsWith("other info that might help")) {
            closeLink();
            section = Section.OTHER_INFO;
            return;
        }
        if (t.startsWith("Chain exists of")) {
            section = Section.CHAIN_SUMMARY;
            return;
        }
        if (t.startsWith("Possible unsafe locking scenario")
                || t.startsWith("Possible interrupt unsafe locking scenario")) {
            section = Section.SCENARIO;
            return;
        }
        if ((m = HELD_HEADER.matcher(t)).find()) {
            closeLink();
            section = Section.HELD_LOCKS;
            heldTask = m.group("task");
            heldPid = Integer.parseInt(m.group("pid"));
            return;
        }
        if (t.startsWith("stack backtrace")) {
            section = Section.BACKTRACE;
            return;
        }
        switch (section) {
            case ACQUIRING, HELD -> readLockLine(line, t);
            case CHAIN -> {
                m = FRAME.matcher(t);
                if (linkFrames != null && m.matches()) {
                    linkFrames.add(frame(m, line.number()));
                }
            }
            case CHAIN_SUMMARY -> {
                if (t.contains("-->")) {
                    builder.chainSummary(Arrays.stream(t.split("\\s*-->\\s*"))
                            .map(String::strip)
                            .toList());
                    quote(line);
                }
            }
            case SCENARIO -> readScenario(line, t);
            case HELD_LOCKS -> {
                Matcher e = HELD_ENTRY.matcher(t);
                if (e.find()) {
                    Matcher l = LOCK.matcher(e.group("rest"));
                    if (l.find()) {
                        builder.heldLock(new HeldLock(
                                heldTask,
                                heldPid,
                                Integer.parseInt(e.group("idx")),
                                l.group("cls"),
                                l.group("at"),
                                line.number(),
                                address(e.group("rest"))));
                    }
                }
            }
            default -> {}
        }
    }

    private void readLockLine(KernelLine line, String t) {
        Matcher m = LOCK.matcher(t);
        if (!m.find()) {
            return;
        }
        LockRef ref = new LockRef(m.group("cls"), m.group("usage"), m.group("at"), line.number());
        if (section == Section.ACQUIRING && builder.acquiring() == null) {
            builder.acquiring(ref);
            quote(line);
        } else if (section == Section.HELD && builder.held() == null) {
            builder.held(ref);
            quote(line);
        }
    }

    private void readScenario(KernelLine line, String t) {
        String text = line.text();
        if (t.startsWith("CPU0")) {
            cpu1Column = text.indexOf("CPU1");
            return;
        }
        Matcher m = Pattern.compile("^(?<act>[a-z_]+)\\((?<cls>.*)\\);$").matcher(t);
        if (m.find()) {
            int indent = text.length() - text.stripLeading().length();
            int cpu = cpu1Column > 0 && indent >= cpu1Column - 2 ? 1 : 0;
            builder.scenarioStep(new ScenarioStep(cpu, m.group("act"), m.group("cls")));
        }
    }

    private void startTrace(KernelLine line) {
        traces++;
        traceFrames = new ArrayList<>();
    }

    private void closeTrace() {
        if (traceFrames != null) {
            builder.trace(new KernelTrace(traces - 1, traceContext, traceFrames, line0(traceFrames)));
            if (pendingBlocker != null
                    && !traceFrames.isEmpty()
                    && traceFrames.get(0).line() > pendingBlockerLine) {
                flushBlocker();
            }
            traceFrames = null;
        }
    }

    /** Turns the blocker line read last (with the owner's stack printed after it, if any) into a wait-for edge. */
    private void flushBlocker() {
        if (pendingBlocker == null) {
            return;
        }
        Matcher b = pendingBlocker;
        pendingBlocker = null;
        String owner = b.group("o");
        List<Frame> ownerFrames = traceFrames != null
                        && !traceFrames.isEmpty()
                        && traceFrames.get(0).line() > pendingBlockerLine
                ? traceFrames
                : List.of();
        int end = Math.max(
                pendingBlockerLine,
                ownerFrames.isEmpty()
                        ? pendingBlockerLine
                        : ownerFrames.get(ownerFrames.size() - 1).line());
        edges.add(new KernelWaitEdge(
                artifact + "#" + builder.ordinal() + "/wait/" + edges.size(),
                b.group("w"),
                Integer.parseInt(b.group("wp")),
                b.group("kind"),
                b.group("kind"),
                owner,
                owner == null ? null : Integer.valueOf(b.group("op")),
                pendingState,
                ownerFrames,
                KernelWaitEdge.Source.BLOCKER_LINE,
                new Evidence(
                        artifact,
                        pendingBlockerLine,
                        end,
                        List.of(new Evidence.QuotedLine(pendingBlockerLine, pendingBlockerText)))));
        quote(new KernelLine(pendingBlockerLine, pendingBlockerText, null, null));
    }

    List<KernelWaitEdge> edges() {
        return edges;
    }

    private static int line0(List<Frame> frames) {
        return frames.isEmpty() ? 0 : frames.get(0).line();
    }

    private void closeLink() {
        if (linkFrames != null) {
            builder.chainLink(new LockdepChainLink(linkIndex, linkClass, linkFrames, linkLine));
            linkFrames = null;
        }
    }

    private void taint(String not, String flags) {
        if (not == null && flags != null) {
            builder.taint(flags.strip().replaceAll("\\s+", " "));
        }
    }

    private static Frame frame(Matcher m, int line) {
        String off = m.group("off");
        return new Frame(m.group("fn"), off, m.group("mod"), m.group("unrel") == null, line);
    }

    private void quote(KernelLine line) {
        if (quoted.size() < MAX_QUOTED) {
            quoted.add(new Evidence.QuotedLine(line.number(), line.trimmed()));
        }
    }

    /** What a complete report of this kind has and this one lacks, for the truncation message. */
    String missing() {
        List<String> gaps = new ArrayList<>();
        if (isLockdepPair() && builder.acquiring() == null) {
            gaps.add("the lock being acquired");
        }
        if (isLockdepPair() && builder.held() == null) {
            gaps.add("the lock held");
        }
        if (builder.kind() == KernelReportKind.CIRCULAR_LOCKING
                && builder.chain().isEmpty()) {
            gaps.add("the dependency chain");
        }
        if (!traceSeen) {
            gaps.add("the call trace");
        }
        return gaps.isEmpty() ? "nothing" : String.join(", ", gaps);
    }

    private boolean isLockdepPair() {
        return builder.kind() == KernelReportKind.CIRCULAR_LOCKING
                || builder.kind() == KernelReportKind.RECURSIVE_LOCKING;
    }

    KernelReport build(boolean atEof) {
        closeLink();
        closeTrace();
        flushBlocker();
        // a workqueue lockup prints its pool dump, not a stack
        boolean complete = !atEof || traceSeen || builder.kind() == KernelReportKind.WORKQUEUE_LOCKUP;
        if (builder.kind() == KernelReportKind.CIRCULAR_LOCKING) {
            complete = builder.acquiring() != null
                    && builder.held() != null
                    && !builder.chain().isEmpty()
                    && traceSeen;
        } else if (builder.kind() == KernelReportKind.RECURSIVE_LOCKING) {
            complete = builder.acquiring() != null && builder.held() != null && traceSeen;
        }
        builder.completeness(complete ? Completeness.COMPLETE : Completeness.TRUNCATED);
        builder.evidence(new Evidence(artifact, firstLine, lastLine, quoted));
        return builder.build();
    }

    private static final Pattern ADDRESS = Pattern.compile("^([0-9a-fA-F]{8,16})\\s+\\(");

    private static String address(String rest) {
        Matcher m = ADDRESS.matcher(rest);
        return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
