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

    /** The irq-state annotation after a task, brackets nested: {@code [HC0[0]:SC1[1]:HE1:SE0]}. */
    private static final String IRQ_STATE = "(?: \\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\])?";

    private static final Pattern TRYING = Pattern.compile("^(?<task>.+?)/(?<pid>\\d+)" + IRQ_STATE
            + " (?:is trying to (?:(?:acquire|release)(?: lock)?|lock)|takes|just changed the state of lock):\\s*$");
    private static final Pattern TRYING_OLD =
            Pattern.compile("^(?<task>.+?)/(?<pid>\\d+)" + IRQ_STATE + " is trying to (?:acquire|release)");
    /** Old bad-unlock form: {@code task/1 is trying to release lock (mrt_lock) at:} then the frame on the next line. */
    private static final Pattern RELEASE_AT = Pattern.compile("is trying to release lock \\((?<cls>.*)\\) at:\\s*$");

    static final Pattern LOCK = Pattern.compile(
            "^(?:#\\d+:\\s*)?(?:[0-9a-fA-F]{8,16}\\s+)?\\((?<cls>.*)\\)\\{(?<usage>[^}]*)\\}(?:-\\{[^}]*\\})?"
                    + "(?:, at: (?:\\[<[0-9a-fA-F]+>\\]\\s*)?(?<at>\\S+))?");
    private static final Pattern CHAIN_LINK =
            Pattern.compile("^-> #(?<idx>\\d+) \\((?<cls>.*)\\)\\{[^}]*\\}(?:-\\{[^}]*\\})?:?\\s*$");
    private static final Pattern HELD_HEADER =
            // anchored at the line's end: a worker's name has a slash and a colon of its own (kworker/0:3/77:)
            Pattern.compile("^(?<n>\\d+|no) locks? (?:held|on stack) by (?<task>.+?)/(?<pid>\\d+)(?:/\\d+)?:\\s*$");
    private static final Pattern HELD_ENTRY = Pattern.compile("^#(?<idx>\\d+):\\s*(?<rest>.*)$");
    static final Pattern FRAME = Pattern.compile(
            "^(?:\\[<?[0-9a-fA-F]+>?\\]\\s*){0,2}(?<unrel>\\?\\s+)?(?:\\[<[0-9a-fA-F]+>\\]\\s*)?(?<fn>[A-Za-z_.$][\\w.$]*)"
                    + "(?<off>\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)?(?:\\s+(?<src>[\\w/.\\-]+:\\d+))?(?<inline>\\s+\\[inline\\])?"
                    + "(?:\\s+\\[(?<mod>[\\w\\-]+)\\])?(?:\\s+\\([A-Z]\\))?(?<unrel2>\\s+\\(unreliable\\))?\\s*$");
    /** The instruction the CPU was at: {@code RIP: 0010:fn+0x1/0x2}, {@code pc : fn+0x1/0x2}, {@code PC is at fn+0x1/0x2}. */
    static final Pattern PC_LINE = Pattern.compile(
            "^(?:RIP|NIP|IP|pc|PC is at)\\s*:?\\s*(?:[0-9a-fA-F]{4}:)?(?:\\[<?[0-9a-fA-F]+>?\\]\\s*){0,2}"
                    + "(?<fn>[A-Za-z_.$][\\w.$]*)(?<off>\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)(?:\\s+\\[(?<mod>[\\w\\-]+)\\])?");
    /** An unsymbolised frame ({@code 0x202}): part of the trace, names nothing. */
    private static final Pattern RAW_ADDRESS = Pattern.compile("^(?:\\?\\s+)?0x[0-9a-fA-F]+\\s*$");
    /** Stack markers that open and close an interrupt section: {@code <IRQ>} ... {@code </IRQ>} or {@code <EOI>}. */
    private static final Pattern INTERRUPT_OPEN = Pattern.compile("^<(?:IRQ|NMI|SOFTIRQ)>");

    private static final Pattern INTERRUPT_CLOSE = Pattern.compile("^(?:</(?:IRQ|NMI|SOFTIRQ)>|<EOI>)");
    private static final Pattern MARKER_PREFIX = Pattern.compile("^<(?:/?(?:IRQ|NMI|SOFTIRQ|TASK)|EOI)>\\s*");
    /** The irq-usage stacks of irq-state reports: where a lock became irq-safe or -unsafe, or its state was registered. */
    private static final Pattern USAGE_HEADER =
            Pattern.compile("^(?:\\.\\.\\. )?(?:which became \\S+ at:|\\{[^}]*\\} state was registered at:)\\s*$");

    private static final Pattern LAST_FUNCTION = Pattern.compile("last function: (?<fn>[A-Za-z_][\\w.]*)");
    private static final Pattern CPU_LINE = Pattern.compile(
            "^CPU: (?<cpu>\\d+)(?: UID: \\d+)? PID: (?<pid>\\d+) Comm: (?<comm>.+?) (?:(?<not>Not tainted)|Tainted: (?<taint>[A-Z](?: +[A-Z])*))\\s+(?<rel>\\d+\\.\\d+\\S*)");
    private static final Pattern VERSION_LINE = Pattern.compile(
            "^(?<rel>\\d+\\.\\d+\\S*) #\\S+(?: (?:(?<not>Not tainted)|Tainted: (?<taint>[A-Z](?: +[A-Z])*)))?");
    private static final Pattern TRACE_START =
            Pattern.compile("^(?:Call Trace|Call trace|Backtrace):?\\s*$|^Call Trace:|^Backtrace: ");
    private static final Pattern TRACE_NOISE = Pattern.compile(
            "^(?:</?(?:IRQ|TASK|NMI|EOI|SOFTIRQ)>|RIP: |RSP: |RAX: |RDX: |RBP: |R\\d+: |FS: |CS: |CR2: |DR[0-7]: |Code: |EFLAGS|ORIG_RAX"
                    + "|pc : |lr : |sp : |x\\d+ ?: |pstate: |---\\[ end |Kernel Offset:|Rebooting in|Modules linked in:|irq event stamp:"
                    + "|hardirqs last|softirqs last|Hardware name:|Workqueue: |Exception stack|Dumping ftrace|Kernel panic|CPU: "
                    + "|[0-9a-f]{4}:(?:\\s+[0-9a-f]{8})+\\s*$|r\\d+\\s*:\\s*[0-9a-f]{8}|NIP |LR |GPR\\d+|MSR )");
    /** ARM's {@code [<80...>] (callee) from [<80...>] (caller+0x44/0x2c0)}: the callee is the frame. */
    private static final Pattern ARM_FRAME = Pattern.compile(
            "^\\[<[0-9a-fA-F]+>\\]\\s*\\((?<fn>[A-Za-z_.$][\\w.$]*)(?<off>\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)?(?: \\[(?<mod>[\\w-]+)\\])?\\)"
                    + " from \\[<[0-9a-fA-F]+>\\]"
                    + "\\s*\\((?<caller>[A-Za-z_.$][\\w.$]*)(?<coff>\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)?(?: \\[(?<cmod>[\\w-]+)\\])?\\)");
    /**
     * Between the stacks of a multi-stack report (stalls, lockups, hung tasks): the lines that
     * introduce the next stack or list the locks held, so the report stays open over them.
     */
    private static final Pattern MULTI_CONTEXT = Pattern.compile(
            "^(?:NMI backtrace for cpu|Sending NMI from CPU|rcu: |\\(detected by|\\(t=|All QSes seen|rcu_\\w+ kthread|\\w+ kthread starved"
                    + "|task:|INFO: task .+ (?:is )?blocked on |Showing all locks held|Showing busy workqueues|workqueue |  ?pwq \\d+|  ?in-flight|  ?pending|pool \\d+"
                    + "|\\d+ locks? held by|no locks held by|#\\d+:|=+$|-+$|\\S+\\s+[RDSIT][ +<]|Task dump|Stack dump|Unless rcu_|Possible timer handling|\\.\\.\\.|\\d+-\\.\\.\\.|\\{"
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
    /** Whether the frames being read are inside an {@code <IRQ>}/{@code <NMI>} section of the stack. */
    private boolean inInterrupt;
    /** A {@code RIP:} line read before its {@code Call Trace:}: the first frame of that trace. */
    private Frame pendingPc;
    /** The caller named on the last arm frame line: the outermost frame, printed on no line of its own. */
    private Frame armCaller;
    /** Lines of unknown origin met inside a call trace, held until a frame shows the trace goes on. */
    private final List<KernelLine> held = new ArrayList<>();

    private static final int MAX_HELD = 2;
    private List<Frame> usageFrames;
    private String usageContext;
    private int usageLine;

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
        builder.attribute("cpu", firstNonNull(banner.group("cpu"), banner.group("pcpu")));
        builder.attribute("timestamp", line.timestamp());
        builder.attribute(
                "seconds", firstNonNull(banner.group("secs"), banner.group("iosecs"), banner.group("diesecs")));
        quote(line);
    }

    /**
     * Whether a banner line is the second half of this report: lockdep prints its internal warnings
     * as a {@code DEBUG_LOCKS_WARN_ON(...)} line and a {@code WARNING: ... at kernel/locking/...} line,
     * in either order, before the one stack they share.
     */
    boolean continuesWith(KernelBanners.Match banner, KernelLine line) {
        return banner.kind() == KernelReportKind.LOCKDEP_INTERNAL_WARNING
                && builder.kind() == KernelReportKind.LOCKDEP_INTERNAL_WARNING
                && !traceSeen
                && line.number() - firstLine <= 3;
    }

    /**
     * Whether an oops banner ({@code general protection fault}, {@code WARNING: ... at}) is this
     * report's own continuation: the reporting code itself faulted or warned before the report
     * printed its stack, so the stack that follows (same task, a few lines on) is this report's.
     */
    boolean absorbs(KernelBanners.Match banner, KernelLine line) {
        return banner.kind() == KernelReportKind.OTHER_OOPS
                && builder.kind() != KernelReportKind.OTHER_OOPS
                && !traceSeen
                && java.util.Objects.equals(caller, line.caller())
                && line.number() - lastLine <= 3;
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
            // a console line of unknown origin inside a trace ("audit: ...", harness output) is held:
            // if frames follow, it was noise; if not, the trace has ended and it is read as such
            if (held.size() < MAX_HELD && !isKnownStructure(t)) {
                held.add(line);
                return Offer.SKIPPED;
            }
            traceEnded = true;
            for (KernelLine h : held) {
                if (accept(h) == Offer.ENDED) {
                    held.clear();
                    return Offer.ENDED;
                }
            }
            held.clear();
        } else if (!held.isEmpty()) {
            held.clear();
        }
        return accept(line);
    }

    private Offer accept(KernelLine line) {
        String t = line.trimmed();
        if (traceEnded && !continuesAfterTrace(t) && !(multiStack && continuesBetweenStacks(t, line.number()))) {
            return Offer.ENDED;
        }
        lineCount++;
        lastLine = line.number();
        read(line, t);
        return Offer.ACCEPTED;
    }

    /** Lines that belong to a report's own structure: they end a trace at once rather than being held. */
    private boolean isKnownStructure(String t) {
        return t.isEmpty()
                || TRACE_START.matcher(t).find()
                || continuesAfterTrace(t)
                || MULTI_CONTEXT.matcher(t).find()
                || BLOCKER.matcher(t).find()
                || t.startsWith("task:");
    }

    private boolean isTraceLine(String t) {
        if (t.isEmpty()) {
            return false;
        }
        return FRAME.matcher(t).matches()
                || ARM_FRAME.matcher(t).find()
                || RAW_ADDRESS.matcher(t).matches()
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
        if (!traceSeen && t.startsWith("[<") && ARM_FRAME.matcher(t).find()) {
            // old ARM kernels print the unwinder's frames with no "Backtrace:" line before them
            traceSeen = true;
            section = Section.CALL_TRACE;
            startTrace(line);
        }
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
            boolean marker = t.startsWith("<"); // the three marker patterns start with it: most lines skip them
            if (marker && INTERRUPT_OPEN.matcher(t).find()) {
                inInterrupt = true;
            } else if (marker && INTERRUPT_CLOSE.matcher(t).find()) {
                inInterrupt = false;
            }
            // old kernels print a frame on the marker's line: "<EOI>  [<ffffffff81010d64>] ? fn+0x64/0x80"
            String rest = marker ? MARKER_PREFIX.matcher(t).replaceFirst("") : t;
            Frame.Role role = inInterrupt ? Frame.Role.INTERRUPT : Frame.Role.CALL;
            m = FRAME.matcher(rest);
            Frame f = null;
            if (m.matches()) {
                f = withRole(frame(m, line.number()), role);
                armCaller = null;
            } else if ((m = ARM_FRAME.matcher(rest)).find()) {
                f = new Frame(m.group("fn"), m.group("off"), m.group("mod"), true, line.number(), role);
                armCaller = new Frame(m.group("caller"), m.group("coff"), m.group("cmod"), true, line.number(), role);
            } else if ((m = PC_LINE.matcher(rest)).find()) {
                f = new Frame(m.group("fn"), m.group("off"), m.group("mod"), true, line.number(), Frame.Role.PC);
            }
            if (f != null) {
                addTraceFrame(f);
            }
            return;
        }
        if ((m = PC_LINE.matcher(t)).find()) {
            // printed before its "Call Trace:" (WARNING, soft lockup): it opens the next trace
            pendingPc = new Frame(m.group("fn"), m.group("off"), m.group("mod"), true, line.number(), Frame.Role.PC);
            return;
        }
        if (usageFrames != null) {
            m = FRAME.matcher(t);
            if (m.matches()) {
                if (usageFrames.size() < MAX_TRACE_FRAMES) {
                    usageFrames.add(frame(m, line.number()));
                }
                return;
            }
            closeUsage();
        }
        if (USAGE_HEADER.matcher(t).find()) {
            usageFrames = new ArrayList<>();
            usageContext = t;
            usageLine = line.number();
            return;
        }
        if ((m = LAST_FUNCTION.matcher(t)).find()) {
            builder.attribute("lastFunction", m.group("fn"));
            quote(line);
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
        inInterrupt = false;
        if (pendingPc != null) {
            addTraceFrame(pendingPc);
            pendingPc = null;
        }
    }

    private void addTraceFrame(Frame f) {
        if (traces == 1) {
            builder.frame(f);
        }
        if (traceFrames != null && traceFrames.size() < MAX_TRACE_FRAMES) {
            traceFrames.add(f);
        }
    }

    private static Frame withRole(Frame f, Frame.Role role) {
        return new Frame(f.function(), f.offset(), f.module(), f.reliable(), f.line(), role);
    }

    private void closeUsage() {
        if (usageFrames != null) {
            if (!usageFrames.isEmpty()) {
                builder.usageTrace(new KernelTrace(0, usageContext, usageFrames, usageLine));
            }
            usageFrames = null;
        }
    }

    private void closeTrace() {
        if (armCaller != null) {
            addTraceFrame(armCaller);
            armCaller = null;
        }
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
        return new Frame(
                m.group("fn"), off, m.group("mod"), m.group("unrel") == null && m.group("unrel2") == null, line);
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

    /** The report built again with one more attribute (after {@link #build}). */
    KernelReport rebuiltWith(String key, String value) {
        return builder.attribute(key, value).build();
    }

    KernelReport build(boolean atEof) {
        closeUsage();
        closeLink();
        if (pendingPc != null && traceFrames == null) {
            // cut before its Call Trace: the instruction the CPU was at is the one frame known
            startTrace(null);
        }
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
