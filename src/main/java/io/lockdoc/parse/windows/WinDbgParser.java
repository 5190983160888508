package io.lockdoc.parse.windows;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Frame;
import io.lockdoc.model.Problem;
import io.lockdoc.model.windows.WinBugCheck;
import io.lockdoc.model.windows.WinCriticalSection;
import io.lockdoc.model.windows.WinHandle;
import io.lockdoc.model.windows.WinMonitor;
import io.lockdoc.model.windows.WinPowerIrp;
import io.lockdoc.model.windows.WinResource;
import io.lockdoc.model.windows.WinThread;
import io.lockdoc.model.windows.WinVerifierDeadlock;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads WinDbg/cdb/kd text: splits it into command sections by prompt ({@code 0:000>}, {@code kd>},
 * {@code 1: kd>}) and reads what each command printed: thread stacks, critical sections, ERESOURCEs,
 * handles, {@code !analyze}, {@code .bugcheck}, {@code !deadlock}, {@code !poaction}, MEX tables.
 * Threads are merged by their ids (debugger index, TID, ETHREAD) and emitted at the end, so a thread
 * listed by {@code ~} and dumped by {@code !mex.t} is one fact. State is bounded.
 */
public final class WinDbgParser implements Parser {
    static final int MAX_THREADS = 20_000;
    static final int MAX_FRAMES = 512;
    static final int MAX_QUOTED = 12;

    static final Pattern PROMPT = Pattern.compile("^\\s*(?:##\\s*)?(?:(\\d+):(\\d+)>|(?:\\d+:)*\\s*kd>)\\s?(.*)$");
    static final Pattern BARE_COMMAND = Pattern.compile(
            "^(!(?:cs|locks|critsec|analyze|deadlock|stacks|thread|process|poaction|mex\\.\\w+|handle)\\b.*)$");
    private static final Pattern K_COMMAND = Pattern.compile("^(?:~\\s*(\\d+|\\*|\\.)\\s*)?k[bvpcnfLP]*\\b.*$");
    private static final Pattern TILDE = Pattern.compile(
            "^\\s*[.#]?\\s*(\\d+)\\s+[Ii]d:\\s*([0-9a-fA-F]+)\\.([0-9a-fA-F]+)\\s+(?:Suspend:\\s*-?\\d+\\s+)?Teb:?\\s.*$");
    private static final Pattern KTHREAD =
            Pattern.compile("^\\s*THREAD\\s+([0-9a-fA-F`]+)\\s+Cid\\s+([0-9a-fA-F]+)\\.([0-9a-fA-F]+)\\b(.*)$");
    private static final Pattern KTHREAD_WAIT = Pattern.compile("WAIT:\\s*\\((\\w+)\\)");
    private static final Pattern MEXT_USER = Pattern.compile("^(\\d+)\\s+([0-9a-fA-F]+)\\s+\\(0n\\d+\\)");
    private static final Pattern MEXT_KERNEL = Pattern.compile(
            "^\\S+ \\([0-9a-fA-F]+\\)\\s+([0-9a-fA-F]{8,16})\\s+\\([^)]*\\)\\s+([0-9a-fA-F]+)\\.([0-9a-fA-F]+)\\s+.*?\\s(\\w+)\\s+\\S+\\s+(Waiting|Running|Ready|Terminated|Standby)\\s*$");
    private static final Pattern MEXLT_USER = Pattern.compile("^(?:->)?\\s+(\\d+)\\s+([0-9a-fA-F]+)\\s+(\\S+)\\s+.*$");
    private static final Pattern MEXLT_KERNEL = Pattern.compile(
            "^(\\S+)\\s+([0-9a-fA-F]+)\\s+([0-9a-fA-F]{16})\\s+([0-9a-fA-F]+)\\s+(Waiting|Running|Ready|Terminated|Standby)\\s+\\S+\\s+(\\w+)\\s*$");
    private static final Pattern MEXUS_GROUP = Pattern.compile("^(\\d+) threads? \\[stats\\]:\\s*([\\d ]+)$");
    private static final Pattern STACKS_ROW =
            Pattern.compile("^\\s*([0-9a-fA-F]+)\\.([0-9a-fA-F]+)\\s+([0-9a-fA-F]{8,16})\\s+(\\w+)\\s+(.*)$");
    private static final Pattern STACK_HEADER = Pattern.compile(
            "^\\s*(?:#\\s+)?(?:Child-SP|ChildEBP|Call Site|# Call Site|#\\s+Child-SP|#\\s+Call Site).*$");
    private static final Pattern CRITSEC = Pattern.compile("^CritSec\\s+(\\S+)\\s+at\\s+([0-9a-fA-F`]+)\\s*$");
    private static final Pattern FIELD = Pattern.compile(
            "^(WaiterWoken|LockCount|RecursionCount|OwningThread|EntryCount|ContentionCount)\\s+(.*?)\\s*$");
    private static final Pattern CS_FIELD = Pattern.compile(
            "^(Critical section|DebugInfo|LockCount|WaiterWoken|OwningThread|RecursionCount|LockSemaphore|SpinCount)\\s+=\\s+(.*?)\\s*$");
    private static final Pattern MEXCS_ROW = Pattern.compile(
            "^(\\S+)\\s+([0-9a-fA-F]{8,16})\\s+([0-9a-fA-F]{8,16})\\s+(Locked|Unlocked|Not Locked|\\w+)\\s+(-?\\d+)\\s+(\\S+)\\s+([0-9a-fA-F]+)\\b(.*)$");
    private static final Pattern RESOURCE = Pattern.compile(
            "^\\s*Resource @ (?:\\S+ \\()?(?:0x)?([0-9a-fA-F`]+)\\)?\\s+(Exclusively owned|Shared (\\d+) owning threads|Available)");
    private static final Pattern OWNER_TOKEN = Pattern.compile("([0-9a-fA-F`]{8,})-(\\d+)(<\\*>)?");
    private static final Pattern MEX_ERESOURCE = Pattern.compile("^nt!_ERESOURCE @ ([0-9a-fA-F`]+)");
    private static final Pattern MEX_OWNER_ROW =
            Pattern.compile("^\\s*\\S+\\s+([0-9a-fA-F]{16})\\s+\\S+\\s+(\\S+)\\s*$");
    // !syncblk row: Index SyncBlock MonitorHeld Recursion <Thread object> <OSID> <dbg#>|none <object> <type>
    private static final Pattern SYNCBLK_ROW = Pattern.compile(
            "^(\\d+)\\s+([0-9a-fA-F`]{8,})\\s+(\\d+)\\s+(\\d+)\\s+([0-9a-fA-F`]{8,})\\s+(?:([0-9a-fA-F]+)\\s+(\\d+)|none)"
                    + "\\s+([0-9a-fA-F`]{8,})\\s*(.*)$");
    private static final Pattern HANDLE = Pattern.compile("^\\s*Handle\\s+([0-9a-fA-F]+)\\s*$");
    private static final Pattern MUTANT_OWNER = Pattern.compile("Mutant Owner ([0-9a-fA-F]+)\\.([0-9a-fA-F]+)");
    private static final Pattern BANNER = Pattern.compile("^\\*\\s+(Bugcheck|Exception) Analysis\\s+\\*$");
    private static final Pattern BUGCHECK_NAME = Pattern.compile("^([A-Z][A-Z0-9_]{3,}) \\(([0-9a-fA-F]{1,8})\\)\\s*$");
    private static final Pattern ARG = Pattern.compile("^Arg([1-4]):\\s+([0-9a-fA-F`]+)");
    private static final Pattern KV = Pattern.compile("^([A-Z][A-Z0-9_]{2,}):\\s*(.*?)\\s*$");
    private static final Pattern KEY = Pattern.compile("^\\s*Key\\s*:\\s*(\\S+)\\s*$");
    private static final Pattern VALUE = Pattern.compile("^\\s*Value:\\s*(.*?)\\s*$");
    private static final Pattern DRIVER_HINT = Pattern.compile(
            "(?:Unable to load image|Unable to verify timestamp for|Unable to verify checksum for|Symbols? (?:file )?could not be found.*?for)\\s+(?:.*\\\\)?([\\w.\\-]+\\.sys)\\b");
    private static final Pattern DOT_BUGCHECK = Pattern.compile("^Bugcheck code ([0-9a-fA-F]+)\\s*$");
    private static final Pattern DOT_BUGCHECK_ARGS = Pattern.compile("^Arguments\\s+(.*)$");
    private static final Pattern DEADLOCK =
            Pattern.compile("Deadlock detected \\((\\d+) (?:locks|resources) in (\\d+) threads\\)");
    private static final Pattern ISSUE = Pattern.compile("^issue:\\s+([0-9a-fA-F]+)\\b");
    private static final Pattern DL_ORDER = Pattern.compile("^Thread (\\d+):\\s+([A-Z](?:\\s+[A-Z])+)\\.?\\s*$");
    private static final Pattern DL_THREAD = Pattern.compile("^Thread (\\d+) = (\\S+?)\\.?\\s*$");
    private static final Pattern DL_TOOK =
            Pattern.compile("^Thread (\\d+): (\\S+).*took locks in the following order:");
    private static final Pattern DL_LOCK =
            Pattern.compile("^Lock ([A-Z]) =\\s+(\\S+)\\s*(?:\\(([^)]*)\\))?\\s*(?:-\\s*)?Type '([\\w ]+)'");
    // the documented !deadlock 1 layout: "Thread 0 (8D14F750) took locks ...", "Lock A -- b7906f30 (Spinlock)", bare
    // frames
    private static final Pattern DL_TOOK_DOC =
            Pattern.compile("^Thread (\\d+) \\(([0-9A-Fa-f`]+)\\) took locks in the following order:");
    private static final Pattern DL_LOCK_DOC = Pattern.compile("^Lock ([A-Z]) -- (\\S+) \\(([\\w ]+)\\)\\s*$");
    private static final Pattern DL_STACK_BARE = Pattern.compile("^\\s*(?:Stack:)?\\s*(\\w[\\w.]*!\\S+)\\s*$");
    private static final Pattern DL_STACK = Pattern.compile("^\\s*(?:Stack:)?\\s+[0-9a-fA-F`]{8,}\\s+(\\S+!\\S+)");
    private static final Pattern POA_IRP = Pattern.compile(
            "IRP: ([0-9a-fA-F`]+) \\((set/[DS]\\d)[^)]*\\), PDO: ([0-9a-fA-F`]+)(?:, CURRENT: ([0-9a-fA-F`]+))?");
    private static final Pattern POA_THREAD =
            Pattern.compile("THREAD: ([0-9a-fA-F`]+) \\(static\\), IRP: ([0-9a-fA-F`]+), DEVICE: ([0-9a-fA-F`]+)");

    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        Session s = new Session(artifact, sink);
        String raw;
        while ((raw = lines.readLine()) != null) {
            try {
                s.line(lines.lineNumber(), raw);
            } catch (NumberFormatException e) {
                sink.problem(io.lockdoc.parse.Numbers.outOfRange(artifact, lines.lineNumber(), e));
            }
        }
        s.finish(lines.lineNumber());
        if (lines.truncatedLines() > 0) {
            sink.problem(new Problem(
                    Problem.ErrorId.LINE_TOO_LONG,
                    artifact,
                    0,
                    lines.truncatedLines() + " line(s) longer than " + BoundedLineReader.DEFAULT_MAX_LINE
                            + " characters were cut; the rest of each was ignored"));
        }
    }

    /** Evidence under construction: a line range and a few quoted lines. */
    static final class Ev {
        int first;
        int last;
        final List<Evidence.QuotedLine> quoted = new ArrayList<>();

        Ev(int line, String text) {
            first = line;
            add(line, text);
        }

        void add(int line, String text) {
            last = Math.max(last, line);
            if (first == 0) {
                first = line;
            }
            if (quoted.size() < MAX_QUOTED && text != null && !text.isBlank()) {
                quoted.add(new Evidence.QuotedLine(line, text.strip()));
            }
        }

        Evidence build(String artifact) {
            return new Evidence(artifact, Math.max(1, first), Math.max(Math.max(1, first), last), quoted);
        }
    }

    /** A thread being assembled from everything the log says about it. */
    static final class ThreadB {
        String pid;
        String tid;
        Integer dbg;
        String addr;
        String state;
        String waitReason;
        List<Frame> frames = new ArrayList<>();
        List<String> waitArgs = new ArrayList<>();
        String waitObject;
        String waitOwner;
        Ev ev;
        int order;

        void absorb(ThreadB o) {
            pid = pid != null ? pid : o.pid;
            tid = tid != null ? tid : o.tid;
            dbg = dbg != null ? dbg : o.dbg;
            addr = addr != null ? addr : o.addr;
            state = state != null ? state : o.state;
            waitReason = waitReason != null ? waitReason : o.waitReason;
            if (o.frames.size() > frames.size()) {
                frames = o.frames;
                waitArgs = o.waitArgs;
            }
            waitObject = waitObject != null ? waitObject : o.waitObject;
            waitOwner = waitOwner != null ? waitOwner : o.waitOwner;
            if (ev == null) {
                ev = o.ev;
            } else if (o.ev != null && o.ev != ev) {
                ev.first = Math.min(ev.first, o.ev.first);
                ev.last = Math.max(ev.last, o.ev.last);
                for (Evidence.QuotedLine q : o.ev.quoted) {
                    if (ev.quoted.size() < MAX_QUOTED) {
                        ev.quoted.add(q);
                    }
                }
            }
            order = Math.min(order, o.order);
        }
    }

    private enum Mode {
        NONE,
        STACK,
        CRITSEC,
        CS,
        MEXCS,
        RESOURCE,
        MEX_ERESOURCE,
        HANDLE,
        ANALYZE,
        DOT_BUGCHECK,
        DEADLOCK,
        MEXLT_USER,
        MEXLT_KERNEL,
        MEXT_USER,
        MEXT_KERNEL,
        CS_INIT_STACK,
        SYNCBLK,
        DLK
    }

    static final class Session {
        final String artifact;
        final FactSink sink;
        int seq;
        int lineNo;
        // threads
        final List<ThreadB> threads = new ArrayList<>();
        final Map<String, ThreadB> byKey = new LinkedHashMap<>();
        boolean threadListSeen;
        boolean threadLimitReported;
        // current command section
        String command;
        Integer promptThread;
        Mode mode = Mode.NONE;
        // stack capture
        List<ThreadB> stackTargets = new ArrayList<>();
        List<Frame> stackFrames = new ArrayList<>();
        List<String> stackArgs = new ArrayList<>();
        Ev stackEv;
        boolean stackToBugcheck;
        // critical section
        Map<String, String> cs;
        Ev csEv;
        boolean csLockedMarker;
        // resource
        String resAddr;
        boolean resExclusive;
        List<String> resOwners;
        List<String> resHolders;
        List<String> resWaiters;
        int resExWaiters;
        int resShWaiters;
        long resContention;
        Ev resEv;
        String resList;
        // handle
        String hHandle;
        String hType;
        String hName;
        String hOwnerPid;
        String hOwnerTid;
        boolean hOwned;
        Boolean hSignaled;
        Ev hEv;
        // analyze
        AnalyzeB an;
        // deadlock
        DeadlockB dl;
        // poaction
        final Map<String, String[]> powerIrps = new LinkedHashMap<>();
        final Set<String> powerEmitted = new LinkedHashSet<>();
        // !syncblk: the row waiting for a possible "Waiting threads:" line
        Matcher sbRow;
        Ev sbEv;
        List<Integer> sbWaiters;
        // SOSEX !dlk
        SosexDeadlock dlk;
        // ReactOS / checked-build RTL messages about critical-section waits, anywhere in the text
        final RtlCriticalSectionLog rtl;
        // .bugcheck
        String dotCode;
        Ev dotEv;

        Session(String artifact, FactSink sink) {
            this.artifact = artifact;
            this.sink = sink;
            this.rtl = new RtlCriticalSectionLog(artifact);
        }

        String nextId(String kind) {
            return artifact + "#" + kind + (++seq);
        }

        void line(int no, String raw) {
            lineNo = no;
            String line = raw.startsWith("## ") ? raw.substring(3) : raw;
            String trimmed = line.strip();
            Matcher p = PROMPT.matcher(line);
            boolean bare = !p.matches() && BARE_COMMAND.matcher(trimmed).matches() && !line.startsWith(" ");
            if (p.matches() || bare) {
                endSections(no);
                command = bare ? trimmed : p.group(3).strip();
                if (!command.startsWith("!deadlock")) {
                    endDeadlock();
                }
                promptThread = p.matches() && p.group(2) != null ? Integer.valueOf(p.group(2)) : null;
                startCommand(no, line);
                return;
            }
            if (mode == Mode.ANALYZE) {
                analyzeLine(no, line, trimmed);
                return;
            }
            if (dl != null && deadlockLine(no, line, trimmed)) {
                return;
            }
            if (trimmed.contains("critical section ") && rtl.line(no, trimmed)) {
                return;
            }
            if (sectionStart(no, line, trimmed)) {
                return;
            }
            switch (mode) {
                case STACK -> stackLine(no, line);
                case CRITSEC -> critsecLine(no, trimmed);
                case CS -> csLine(no, trimmed);
                case MEXCS -> mexCsLine(no, trimmed);
                case RESOURCE -> resourceLine(no, line, trimmed);
                case MEX_ERESOURCE -> mexEresourceLine(no, line, trimmed);
                case HANDLE -> handleLine(no, trimmed);
                case DOT_BUGCHECK -> dotBugcheckLine(no, trimmed);
                case MEXLT_USER -> mexLtUser(no, line);
                case MEXLT_KERNEL -> mexLtKernel(no, trimmed);
                case MEXT_USER -> mexTUser(no, trimmed);
                case MEXT_KERNEL -> mexTKernel(no, trimmed);
                case SYNCBLK -> syncblkLine(no, trimmed);
                case DLK -> {
                    if (!dlk.line(no, trimmed)) {
                        endSections(no);
                        line(no, raw);
                    }
                }
                case CS_INIT_STACK -> {
                    if (trimmed.isEmpty()) {
                        mode = Mode.NONE;
                    }
                }
                case NONE -> anonymousStack(no, line, trimmed);
                default -> {}
            }
        }

        private void startCommand(int no, String line) {
            String c = command.toLowerCase(Locale.ROOT);
            if (c.startsWith("!analyze")) {
                an = new AnalyzeB(no, line, c.contains("-hang"));
                mode = Mode.ANALYZE;
            } else if (K_COMMAND.matcher(command).matches()) {
                Matcher m = K_COMMAND.matcher(command);
                m.matches();
                String which = m.group(1);
                if (which == null || ".".equals(which)) {
                    startStack(no, line, promptThread == null ? null : threadByDbg(promptThread, no, line));
                } else if (!"*".equals(which)) {
                    startStack(no, line, threadByDbg(Integer.parseInt(which), no, line));
                }
            } else if (c.equals("~")) {
                threadListSeen = true;
            } else if (c.startsWith("!deadlock")) {
                dl = new DeadlockB(no, line);
            }
        }

        /** Lines that open a section whatever the command was. Returns true when consumed. */
        private boolean sectionStart(int no, String line, String t) {
            Matcher m;
            if ((m = TILDE.matcher(line)).matches()) {
                endSections(no);
                ThreadB th = thread(m.group(2), m.group(3), Integer.valueOf(m.group(1)), null, no, line);
                if (command != null && command.strip().matches("~[*]?|~~\\[.*\\]|~\\.")) {
                    threadListSeen = threadListSeen || command.strip().equals("~");
                    return true;
                }
                startStack(no, line, th);
                return true;
            }
            if ((m = KTHREAD.matcher(line)).matches()) {
                endSections(no);
                ThreadB th = threadByAddr(hex(m.group(1)), no, line);
                th.pid = th.pid != null ? th.pid : hex(m.group(2));
                th.tid = th.tid != null ? th.tid : hex(m.group(3));
                register(th);
                Matcher w = KTHREAD_WAIT.matcher(m.group(4));
                if (w.find()) {
                    th.waitReason = w.group(1);
                    th.state = "Waiting";
                } else if (m.group(4).contains("RUNNING")) {
                    th.state = "Running";
                }
                startStack(no, line, th);
                return true;
            }
            if (mode != Mode.DLK && SosexDeadlock.starts(t)) {
                endSections(no);
                dlk = new SosexDeadlock(artifact);
                dlk.line(no, t);
                mode = Mode.DLK;
                return true;
            }
            if (t.startsWith("Index") && t.contains("SyncBlock") && t.contains("MonitorHeld")) {
                endSections(no);
                mode = Mode.SYNCBLK;
                return true;
            }
            if (t.startsWith("DbgID") && t.contains("ThreadID")) {
                endSections(no);
                mode = Mode.MEXT_USER;
                return true;
            }
            if (t.startsWith("Process") && t.contains("Thread") && t.contains("CID")) {
                endSections(no);
                mode = Mode.MEXT_KERNEL;
                return true;
            }
            if (t.matches("#\\s+DbgID\\s+ThdID.*")) {
                endSections(no);
                threadListSeen = true;
                mode = Mode.MEXLT_USER;
                return true;
            }
            if (t.matches("Process\\s+PID\\s+Thread\\s+Id\\s+State.*")) {
                endSections(no);
                mode = Mode.MEXLT_KERNEL;
                return true;
            }
            if ((m = MEXUS_GROUP.matcher(t)).matches()) {
                endSections(no);
                List<ThreadB> targets = new ArrayList<>();
                for (String id : m.group(2).trim().split("\\s+")) {
                    targets.add(threadByDbg(Integer.parseInt(id), no, line));
                }
                startStack(no, line, null);
                stackTargets = targets;
                return true;
            }
            if ((m = STACKS_ROW.matcher(line)).matches() && command != null && command.startsWith("!stacks")) {
                endSections(no);
                ThreadB th = threadByAddr(hex(m.group(3)), no, line);
                th.pid = hex(m.group(1));
                th.tid = hex(m.group(2));
                th.state = m.group(4);
                register(th);
                startStack(no, line, th);
                DebuggerFrames.Parsed f = DebuggerFrames.parse(m.group(5), no);
                if (f != null) {
                    stackFrames.add(f.frame());
                }
                return true;
            }
            if ((m = CRITSEC.matcher(t)).matches()) {
                endSections(no);
                cs = new LinkedHashMap<>();
                cs.put("address", m.group(2));
                cs.put("symbol", m.group(1));
                cs.put("cmd", "!locks");
                csEv = new Ev(no, line);
                csLockedMarker = false;
                mode = Mode.CRITSEC;
                return true;
            }
            if (t.startsWith("Scanned ") && t.endsWith("critical sections")) {
                endSections(no);
                return true;
            }
            if (t.matches("-{5,}")) {
                endSections(no);
                cs = new LinkedHashMap<>();
                cs.put("cmd", "!cs");
                csEv = new Ev(no, null);
                mode = Mode.CS;
                return true;
            }
            if ((m = CS_FIELD.matcher(t)).matches() && mode != Mode.CS) {
                String k = m.group(1);
                if (k.equals("Critical section") || k.equals("DebugInfo")) {
                    endSections(no);
                    cs = new LinkedHashMap<>();
                    cs.put("cmd", "!cs");
                    csEv = new Ev(no, null);
                    mode = Mode.CS;
                    csLine(no, t);
                    return true;
                }
            }
            if (t.startsWith("Stack trace for DebugInfo")) {
                endSections(no);
                mode = Mode.CS_INIT_STACK;
                return true;
            }
            if (t.startsWith("Name") && t.contains("Critical Section") && t.contains("Owning Thread")) {
                endSections(no);
                mode = Mode.MEXCS;
                return true;
            }
            if ((m = RESOURCE.matcher(line)).find()) {
                startResource(no, line, m.group(1), m.group(2).startsWith("Exclusively"), Mode.RESOURCE);
                return true;
            }
            if ((m = MEX_ERESOURCE.matcher(t)).find()) {
                startResource(no, line, m.group(1), false, Mode.MEX_ERESOURCE);
                return true;
            }
            if ((m = HANDLE.matcher(line)).matches()) {
                endSections(no);
                startHandle(no, line, m.group(1));
                return true;
            }
            if (t.startsWith("Name")
                    && !t.contains("Critical Section")
                    && !t.contains("Ses PID")
                    && mode != Mode.HANDLE
                    && command != null
                    && command.toLowerCase(Locale.ROOT).contains("handle")) {
                endSections(no);
                startHandle(no, line, null);
                handleLine(no, t);
                return true;
            }
            if (BANNER.matcher(t).matches() || ((m = BUGCHECK_NAME.matcher(t)).matches() && mode != Mode.HANDLE)) {
                endSections(no);
                an = new AnalyzeB(no, line, false);
                mode = Mode.ANALYZE;
                analyzeLine(no, line, t);
                return true;
            }
            if ((mode == Mode.NONE || mode == Mode.STACK)
                    && (m = KV.matcher(t)).matches()
                    && AnalyzeB.STARTERS.contains(m.group(1))) {
                endSections(no);
                an = new AnalyzeB(no, line, false);
                mode = Mode.ANALYZE;
                analyzeLine(no, line, t);
                return true;
            }
            if ((m = DOT_BUGCHECK.matcher(t)).matches()) {
                endSections(no);
                dotCode = m.group(1);
                dotEv = new Ev(no, line);
                mode = Mode.DOT_BUGCHECK;
                return true;
            }
            if (DEADLOCK.matcher(t).find() || t.startsWith("issue: 00001001")) {
                if (dl == null) {
                    endSections(no);
                    dl = new DeadlockB(no, line);
                }
                deadlockLine(no, line, t);
                return true;
            }
            if ((m = POA_IRP.matcher(t)).find()) {
                powerIrps.put(hex(m.group(1)), new String[] {m.group(2), hex(m.group(3)), hex(m.group(4)), null});
                return true;
            }
            if ((m = POA_THREAD.matcher(t)).find()) {
                String irp = hex(m.group(2));
                String[] known = powerIrps.get(irp);
                if (known != null && powerEmitted.add(irp)) {
                    Ev ev = new Ev(no, line);
                    sink.fact(new WinPowerIrp(
                            nextId("poaction"),
                            ev.build(artifact),
                            irp,
                            known[0],
                            known[1],
                            hex(m.group(3)),
                            hex(m.group(1))));
                }
                return true;
            }
            if (STACK_HEADER.matcher(line).matches() && mode != Mode.STACK) {
                endSections(no);
                startStack(no, line, promptThread != null && isKCommand() ? threadByDbg(promptThread, no, line) : null);
                return true;
            }
            return false;
        }

        private boolean isKCommand() {
            return command != null && K_COMMAND.matcher(command).matches();
        }

        // ---------------------------------------------------------------- threads

        ThreadB thread(String pid, String tid, Integer dbg, String addr, int no, String line) {
            ThreadB th = new ThreadB();
            th.pid = hex(pid);
            th.tid = hex(tid);
            th.dbg = dbg;
            th.addr = addr;
            th.ev = new Ev(no, line);
            return register(th);
        }

        ThreadB threadByDbg(int dbg, int no, String line) {
            ThreadB known = byKey.get("dbg:" + dbg);
            if (known != null) {
                return known;
            }
            return thread(null, null, dbg, null, no, line);
        }

        ThreadB threadByAddr(String addr, int no, String line) {
            ThreadB known = byKey.get("addr:" + addr);
            if (known != null) {
                return known;
            }
            return thread(null, null, null, addr, no, line);
        }

        /** Puts a thread under all its keys, merging with threads already known under any of them. */
        ThreadB register(ThreadB first) {
            // a loop, not recursion: ids that contradict each other (two TIDs for one ETHREAD) would merge back and
            // forth without end; the threads already merged into this one end that
            Set<ThreadB> merged = Collections.newSetFromMap(new IdentityHashMap<>());
            ThreadB th = first;
            List<String> keys = keys(th);
            merging:
            while (true) {
                merged.add(th);
                for (String k : keys) {
                    ThreadB other = byKey.get(k);
                    if (other != null && other != th) {
                        if (merged.contains(other)) {
                            conflict(th, other, k, merged);
                            break merging;
                        }
                        other.absorb(th);
                        threads.remove(th);
                        ThreadB gone = th;
                        if (stackTargets.contains(gone)) {
                            stackTargets.replaceAll(x -> x == gone ? other : x);
                        }
                        th.order = other.order;
                        th = other;
                        keys = keys(th);
                        continue merging;
                    }
                }
                break;
            }
            if (!threads.contains(th)) {
                if (threads.size() >= MAX_THREADS) {
                    if (!threadLimitReported) {
                        threadLimitReported = true;
                        sink.problem(new Problem(
                                Problem.ErrorId.LIMIT_EXCEEDED,
                                artifact,
                                th.ev == null ? 0 : th.ev.first,
                                "more than " + MAX_THREADS + " threads; later threads are not read"));
                    }
                    return th;
                }
                th.order = threads.size();
                threads.add(th);
            }
            for (String k : keys) {
                byKey.put(k, th);
            }
            return th;
        }

        /** Ids that name two different threads: what was merged so far stays one thread, under all its keys. */
        private void conflict(ThreadB th, ThreadB other, String key, Set<ThreadB> merged) {
            String id = key.startsWith("tid:")
                    ? "TID " + key.substring(4)
                    : key.startsWith("dbg:") ? "debugger thread #" + key.substring(4) : "thread " + key.substring(5);
            sink.problem(new Problem(
                    Problem.ErrorId.UNREADABLE,
                    artifact,
                    lineNo,
                    "thread ids contradict each other: " + id + " is both " + describe(th) + " and " + describe(other)
                            + "; read as one thread " + describe(th)));
            for (ThreadB m : merged) {
                if (m != th) {
                    threads.remove(m);
                    for (String k : keys(m)) {
                        if (merged.contains(byKey.get(k))) {
                            byKey.put(k, th);
                        }
                    }
                }
            }
        }

        private static List<String> keys(ThreadB th) {
            List<String> k = new ArrayList<>();
            if (th.tid != null) {
                k.add("tid:" + th.tid);
            }
            if (th.addr != null) {
                k.add("addr:" + th.addr);
            }
            if (th.dbg != null) {
                k.add("dbg:" + th.dbg);
            }
            return k;
        }

        // ---------------------------------------------------------------- stacks

        void startStack(int no, String line, ThreadB target) {
            endStack(no);
            mode = Mode.STACK;
            stackTargets = new ArrayList<>();
            if (target != null) {
                stackTargets.add(target);
            }
            stackFrames = new ArrayList<>();
            stackArgs = new ArrayList<>();
            stackEv = new Ev(no, line);
            stackToBugcheck = false;
        }

        private void anonymousStack(int no, String line, String t) {
            if (command != null && !isKCommand()) {
                return;
            }
            DebuggerFrames.Parsed f = DebuggerFrames.parse(line, no);
            if (f != null && f.frame().function().contains("!")) {
                startStack(no, line, promptThread != null ? threadByDbg(promptThread, no, line) : null);
                stackLine(no, line);
            }
        }

        void stackLine(int no, String line) {
            DebuggerFrames.Parsed f = DebuggerFrames.parse(line, no);
            if (f == null) {
                return;
            }
            if (stackFrames.size() >= MAX_FRAMES) {
                return;
            }
            stackFrames.add(f.frame());
            stackEv.add(no, stackFrames.size() <= MAX_QUOTED - 2 ? line : null);
            String fn = f.frame().function();
            if (stackArgs.size() < 32
                    && (fn.matches("(?i).*!_?Rtl(?:p)?(?:Enter|WaitFor|WaitOn)CriticalSection\\w*")
                            || fn.matches("(?i).*!WaitFor(?:Single|Multiple)Object\\w*")
                            || fn.matches("(?i).*!_?(?:Nt|Zw)WaitFor\\w+")
                            // Monitor.Enter: the object (JIT_MonEnter) or its sync block (AwareLock, at offset 0)
                            || fn.matches("(?i).*!(?:JIT\\w*_MonEnter\\w*|AwareLock::Enter\\w*)"))) {
                // the lock or handle a thread waits on is an argument of its entry or wait frames; the
                // outermost critical-section frame (RtlEnterCriticalSection) comes first: its first
                // argument is the critical section
                if (fn.matches("(?i).*CriticalSection\\w*")) {
                    stackArgs.addAll(0, f.args());
                } else {
                    stackArgs.addAll(f.args());
                }
            }
            String[] note = DebuggerFrames.ownerNote(f.info());
            if (note != null && !stackTargets.isEmpty()) {
                for (ThreadB th : stackTargets) {
                    th.waitOwner = hex(note[0]);
                    th.waitObject = hex(note[2]);
                }
            }
        }

        void endStack(int no) {
            if (mode != Mode.STACK) {
                return;
            }
            mode = Mode.NONE;
            if (stackFrames.isEmpty()) {
                return;
            }
            List<ThreadB> targets = stackTargets;
            if (targets.isEmpty()) {
                ThreadB anon = new ThreadB();
                anon.ev = stackEv;
                targets = List.of(register(anon));
            }
            for (ThreadB th : targets) {
                if (stackFrames.size() >= th.frames.size()) {
                    th.frames = stackFrames;
                    th.waitArgs = stackArgs;
                }
                if (th.ev == null) {
                    th.ev = stackEv;
                } else if (th.ev != stackEv) {
                    th.ev.first = Math.min(th.ev.first, stackEv.first);
                    th.ev.last = Math.max(th.ev.last, stackEv.last);
                    for (Evidence.QuotedLine q : stackEv.quoted) {
                        if (th.ev.quoted.size() < MAX_QUOTED) {
                            th.ev.quoted.add(q);
                        }
                    }
                }
            }
        }

        private void mexTUser(int no, String t) {
            Matcher m = MEXT_USER.matcher(t);
            if (m.find()) {
                ThreadB th = thread(null, m.group(2), Integer.valueOf(m.group(1)), null, no, t);
                startStack(no, t, th);
            }
        }

        private void mexTKernel(int no, String t) {
            Matcher m = MEXT_KERNEL.matcher(t);
            if (m.find()) {
                ThreadB th = threadByAddr(hex(m.group(1)), no, t);
                th.pid = hex(m.group(2));
                th.tid = hex(m.group(3));
                th.waitReason =
                        m.group(4).startsWith("Wr") || m.group(4).equals("Executive") ? m.group(4) : th.waitReason;
                th.state = m.group(5);
                register(th);
                startStack(no, t, th);
            }
        }

        private void mexLtUser(int no, String line) {
            if (line.isBlank() || line.startsWith("==")) {
                return;
            }
            Matcher m = MEXLT_USER.matcher(line);
            if (m.matches()) {
                ThreadB th = thread(null, m.group(2), Integer.valueOf(m.group(1)), null, no, line);
                DebuggerFrames.Parsed f = DebuggerFrames.parse(m.group(3), no);
                if (f != null && th.frames.isEmpty()) {
                    th.frames = new ArrayList<>(List.of(f.frame()));
                }
            } else {
                mode = Mode.NONE;
            }
        }

        private void mexLtKernel(int no, String t) {
            if (t.isEmpty() || t.startsWith("==")) {
                return;
            }
            Matcher m = MEXLT_KERNEL.matcher(t);
            if (m.matches()) {
                ThreadB th = threadByAddr(hex(m.group(3)), no, t);
                th.pid = hex(m.group(2));
                th.tid = hex(m.group(4));
                th.state = m.group(5);
                th.waitReason = m.group(6);
                register(th);
            } else {
                mode = Mode.NONE;
            }
        }

        // ---------------------------------------------------------------- critical sections

        private void critsecLine(int no, String t) {
            if (t.isEmpty()) {
                endCritsec(no);
                return;
            }
            Matcher m = FIELD.matcher(t);
            if (m.matches()) {
                cs.put(m.group(1), m.group(2));
                csEv.add(no, t);
            } else if (t.startsWith("*** Locked")) {
                csLockedMarker = true;
                csEv.add(no, t);
            }
        }

        private void endCritsec(int no) {
            if (cs == null) {
                return;
            }
            Map<String, String> c = cs;
            cs = null;
            mode = Mode.NONE;
            String lc = c.get("LockCount");
            boolean notLocked = lc != null && lc.toUpperCase(Locale.ROOT).contains("NOT LOCKED");
            long count = notLocked || lc == null ? -1 : parseNumber(lc);
            String owner = hex(c.get("OwningThread"));
            boolean locked = !notLocked && (csLockedMarker || (owner != null && !"0".equals(owner)));
            emitCs(
                    c,
                    symbolOf(c.get("symbol")),
                    hex(c.get("address")),
                    locked,
                    count,
                    owner,
                    c.containsKey("WaiterWoken"),
                    false);
        }

        private void csLine(int no, String t) {
            if (t.isEmpty()) {
                return;
            }
            Matcher m = CS_FIELD.matcher(t);
            if (m.matches()) {
                String k = m.group(1);
                if ((k.equals("Critical section") && cs.containsKey("address"))
                        || (k.equals("DebugInfo") && cs.containsKey("DebugInfo"))) {
                    endCs(no);
                    cs = new LinkedHashMap<>();
                    cs.put("cmd", "!cs");
                    csEv = new Ev(no, null);
                    mode = Mode.CS;
                }
                if (k.equals("Critical section")) {
                    Matcher a = Pattern.compile("(?:0x)?([0-9a-fA-F`]+)\\s*(?:\\((.*)\\))?")
                            .matcher(m.group(2));
                    if (a.find()) {
                        cs.put("address", a.group(1));
                        if (a.group(2) != null) {
                            cs.put("symbol", a.group(2));
                        }
                    }
                } else {
                    cs.put(k, m.group(2));
                }
                csEv.add(no, t);
            } else if (t.equals("LOCKED")) {
                cs.put("state", "LOCKED");
                csEv.add(no, t);
            } else if (t.equals("NOT LOCKED")) {
                cs.put("state", "NOT LOCKED");
                csEv.add(no, t);
            } else if (t.startsWith("Stack trace for DebugInfo")) {
                endCs(no);
                mode = Mode.CS_INIT_STACK;
            }
        }

        private void endCs(int no) {
            if (cs == null) {
                return;
            }
            Map<String, String> c = cs;
            cs = null;
            mode = Mode.NONE;
            if (!c.containsKey("address")) {
                return;
            }
            boolean locked = "LOCKED".equals(c.get("state"));
            long count = c.containsKey("LockCount") ? parseNumber(c.get("LockCount")) : (locked ? 0 : -1);
            emitCs(
                    c,
                    symbolOf(c.get("symbol")),
                    hex(c.get("address")),
                    locked,
                    count,
                    hex(c.get("OwningThread")),
                    c.containsKey("WaiterWoken"),
                    false);
        }

        private void mexCsLine(int no, String t) {
            if (t.isEmpty() || t.startsWith("===")) {
                return;
            }
            if (t.startsWith("Count:")) {
                mode = Mode.NONE;
                return;
            }
            Matcher m = MEXCS_ROW.matcher(t);
            if (m.matches()) {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("cmd", "!mex.cs");
                csEv = new Ev(no, t);
                boolean locked = m.group(4).equalsIgnoreCase("Locked");
                boolean invalid = m.group(8).toLowerCase(Locale.ROOT).contains("not valid");
                emitCs(
                        c,
                        symbolOf(m.group(1)),
                        hex(m.group(2)),
                        locked,
                        Long.parseLong(m.group(5)),
                        hex(m.group(7)),
                        true,
                        invalid);
            }
        }

        private void emitCs(
                Map<String, String> c,
                String symbol,
                String address,
                boolean locked,
                long count,
                String owner,
                boolean vista,
                boolean invalid) {
            if (address == null) {
                return;
            }
            Ev ev = csEv;
            int recursion = c.containsKey("RecursionCount") ? (int) parseNumber(c.get("RecursionCount")) : 0;
            sink.fact(new WinCriticalSection(
                    nextId("cs"),
                    ev.build(artifact),
                    address,
                    symbol,
                    locked,
                    count,
                    WinCriticalSection.waitersFrom(count, locked),
                    locked ? owner : null,
                    recursion,
                    vista,
                    invalid,
                    c.get("cmd")));
        }

        // ---------------------------------------------------------------- ERESOURCE

        private void resourceLine(int no, String line, String t) {
            Matcher m;
            if (t.startsWith("KD: Scanning")
                    || t.matches("\\d+ total locks.*")
                    || t.startsWith("\\\\\\")
                    || t.startsWith("///")
                    || t.startsWith(">>>")) {
                endResource(no);
                return;
            }
            if (t.startsWith("Contention Count")) {
                resContention = parseNumber(t.replaceFirst(".*=", ""));
            } else if (t.startsWith("NumberOfExclusiveWaiters")) {
                resExWaiters = (int) parseNumber(t.replaceFirst(".*=", ""));
            } else if (t.startsWith("NumberOfSharedWaiters")) {
                resShWaiters = (int) parseNumber(t.replaceFirst(".*=", ""));
            } else if (t.startsWith("Threads Waiting On Exclusive Access")) {
                resList = "ex-waiters";
            } else if (t.startsWith("Threads Waiting On Shared Access")) {
                resList = "sh-waiters";
            } else if (t.startsWith("Threads:")) {
                resList = "owners";
                ownerTokens(t.substring("Threads:".length()));
            } else if ("owners".equals(resList) && (m = OWNER_TOKEN.matcher(t)).lookingAt()) {
                ownerTokens(t);
            } else if ("ex-waiters".equals(resList) && t.matches("[0-9a-fA-F`\\s]+")) {
                for (String w : t.split("\\s+")) {
                    if (resWaiters.size() < 10_000) {
                        resWaiters.add(hex(w));
                    }
                }
            } else if (t.isEmpty()) {
                return;
            } else if (!t.startsWith("THREAD") && !t.startsWith("Threads")) {
                if (resList != null) {
                    endResource(no);
                }
                return;
            }
            resEv.add(no, line);
        }

        private void ownerTokens(String s) {
            Matcher m = OWNER_TOKEN.matcher(s);
            while (m.find()) {
                String a = hex(m.group(1));
                if (m.group(3) != null) {
                    resOwners.add(a);
                } else {
                    resHolders.add(a);
                }
            }
            Matcher actual =
                    Pattern.compile("\\*\\*\\* Actual Thread ([0-9a-fA-F`]+)").matcher(s);
            if (actual.find() && !resOwners.isEmpty()) {
                resOwners.set(resOwners.size() - 1, hex(actual.group(1)));
            }
        }

        private void mexEresourceLine(int no, String line, String t) {
            Matcher m;
            if (t.startsWith("Exclusive owner")) {
                resExclusive = true;
                resList = "mex-owner";
            } else if (t.startsWith("Shared owner")) {
                resList = "mex-owner";
            } else if (t.startsWith("Exclusive Waiters:")) {
                resExWaiters = (int) parseNumber(t.replaceFirst(".*:", ""));
                resList = null;
            } else if (t.startsWith("Shared Waiters:")) {
                resShWaiters = (int) parseNumber(t.replaceFirst(".*:", ""));
                resList = null;
            } else if (t.startsWith("Contention count")) {
                resContention = parseNumber(t.replaceFirst(".*:", ""));
            } else if ("mex-owner".equals(resList) && (m = MEX_OWNER_ROW.matcher(line)).matches()) {
                resOwners.add(hex(m.group(1)));
            } else if (t.isEmpty() && resExWaiters + resShWaiters + resOwners.size() > 0 && resList == null) {
                endResource(no);
                return;
            } else {
                return;
            }
            resEv.add(no, line);
        }

        private void endResource(int no) {
            if (resAddr == null) {
                return;
            }
            sink.fact(new WinResource(
                    nextId("eresource"),
                    resEv.build(artifact),
                    resAddr,
                    resExclusive,
                    resOwners,
                    resHolders,
                    resWaiters,
                    resExWaiters,
                    resShWaiters,
                    resContention));
            resAddr = null;
            mode = Mode.NONE;
        }

        // ---------------------------------------------------------------- handles

        private void startHandle(int no, String line, String handle) {
            hHandle = handle == null ? null : hex(handle);
            hType = null;
            hName = null;
            hOwnerPid = null;
            hOwnerTid = null;
            hOwned = false;
            hSignaled = null;
            hEv = new Ev(no, line);
            mode = Mode.HANDLE;
        }

        private void handleLine(int no, String t) {
            Matcher m;
            if (t.startsWith("Type")) {
                hType = t.substring(4).strip();
            } else if (t.startsWith("Name")) {
                if (hName != null) {
                    endHandle(no);
                    startHandle(no, t, null);
                }
                hName = t.substring(4).strip();
            } else if (t.startsWith("Mutex is Owned")) {
                hOwned = true;
                hType = hType == null ? "Mutant" : hType;
            } else if ((m = MUTANT_OWNER.matcher(t)).find()) {
                hOwnerPid = hex(m.group(1));
                hOwnerTid = hex(m.group(2));
                hOwned = true;
                hType = hType == null ? "Mutant" : hType;
            } else if (t.startsWith("Event is Waiting")) {
                hSignaled = false;
                hType = hType == null ? "Event" : hType;
            } else if (t.startsWith("Event is Set")) {
                hSignaled = true;
                hType = hType == null ? "Event" : hType;
            } else if (t.matches("\\d+ handles? of type.*")) {
                endHandle(no);
                return;
            } else {
                return;
            }
            hEv.add(no, t);
        }

        private void endHandle(int no) {
            if (hEv == null) {
                return;
            }
            if (hType != null) {
                sink.fact(new WinHandle(
                        nextId("handle"),
                        hEv.build(artifact),
                        hHandle,
                        hType,
                        hName,
                        hOwnerPid,
                        hOwnerTid,
                        hOwned,
                        hSignaled));
            }
            hEv = null;
            mode = Mode.NONE;
        }

        // ---------------------------------------------------------------- !syncblk (SOS)

        private void syncblkLine(int no, String t) {
            Matcher m = SYNCBLK_ROW.matcher(t);
            if (m.matches()) {
                endSyncblkRow();
                sbRow = m;
                sbEv = new Ev(no, t);
                sbWaiters = new ArrayList<>();
            } else if (t.startsWith("Waiting threads:") && sbRow != null) {
                sbEv.add(no, t);
                for (String w : t.substring("Waiting threads:".length()).trim().split("\\s+")) {
                    if (w.matches("\\d{1,6}") && sbWaiters.size() < 256) {
                        sbWaiters.add(Integer.valueOf(w));
                    }
                }
            } else if (!t.isEmpty()) {
                // the "-----" rule and the totals close the table
                endSyncblkRow();
                mode = Mode.NONE;
            }
        }

        /** SOS prints these counts in decimal; a run of digits too long for an int is saturated. */
        private static int dec(String s) {
            return s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s);
        }

        private void endSyncblkRow() {
            if (sbRow == null) {
                return;
            }
            Matcher m = sbRow;
            sbRow = null;
            String type = m.group(9).strip();
            sink.fact(new WinMonitor(
                    nextId("monitor"),
                    sbEv.build(artifact),
                    hex(m.group(2)),
                    dec(m.group(3)),
                    dec(m.group(4)),
                    m.group(6) == null ? null : hex(m.group(6)),
                    m.group(7) == null ? null : dec(m.group(7)),
                    hex(m.group(8)),
                    type.isEmpty() ? null : type,
                    sbWaiters));
        }

        // ---------------------------------------------------------------- !analyze, .bugcheck

        private void analyzeLine(int no, String line, String t) {
            AnalyzeB a = an;
            if (a.inStack) {
                if (t.isEmpty()) {
                    if (!a.stack.isEmpty()) {
                        a.inStack = false;
                    }
                    return;
                }
                DebuggerFrames.Parsed f = DebuggerFrames.parse(line, no);
                if (f != null && a.stack.size() < MAX_FRAMES) {
                    a.stack.add(f.frame());
                    a.ev.add(no, a.stack.size() <= 3 ? line : null);
                    return;
                }
                a.inStack = false;
            }
            Matcher m;
            if (BANNER.matcher(t).matches()) {
                a.exception = t.contains("Exception");
                a.ev.add(no, t);
            } else if ((m = BUGCHECK_NAME.matcher(t)).matches() && a.name == null) {
                a.name = m.group(1);
                a.nameCode = m.group(2);
                a.ev.add(no, t);
            } else if ((m = ARG.matcher(t)).find()) {
                a.args.put(Integer.parseInt(m.group(1)), m.group(2));
                a.ev.add(no, t);
            } else if ((m = KEY.matcher(t)).matches()) {
                a.pendingKey = m.group(1);
            } else if ((m = VALUE.matcher(t)).matches() && a.pendingKey != null) {
                a.keys.put(a.pendingKey, m.group(1));
                if (a.pendingKey.startsWith("Failure.Bucket") || a.pendingKey.startsWith("Bugcheck.Code")) {
                    a.ev.add(no, a.pendingKey + " = " + m.group(1));
                }
                a.pendingKey = null;
            } else if ((m = KV.matcher(t)).matches()) {
                String k = m.group(1);
                a.fields.putIfAbsent(k, m.group(2));
                if (k.equals("STACK_TEXT")) {
                    a.inStack = true;
                }
                if (AnalyzeB.QUOTED.contains(k)) {
                    a.ev.add(no, t);
                }
            } else if (t.startsWith("Followup:")) {
                a.followup = true;
                a.ev.add(no, t);
            } else if (t.contains("bugcheck caused by a WDF driver timing out") || t.startsWith("Reason:")) {
                a.hints.add(t);
                a.ev.add(no, t);
            } else if ((m = DRIVER_HINT.matcher(t)).find()) {
                a.hints.add(m.group(1));
                a.ev.add(no, t);
            } else if ((m = DOT_BUGCHECK.matcher(t)).matches()) {
                a.fields.putIfAbsent("BUGCHECK_CODE", m.group(1));
            }
            a.ev.last = Math.max(a.ev.last, no);
        }

        private void endAnalyze(int no) {
            if (an == null) {
                return;
            }
            AnalyzeB a = an;
            an = null;
            mode = Mode.NONE;
            long code = a.code();
            String bucket = a.fields.getOrDefault("FAILURE_BUCKET_ID", a.keys.get("Failure.Bucket"));
            if (bucket == null) {
                bucket = a.fields.get("BUCKET_ID");
            }
            boolean hang = a.hangCommand
                    || (bucket != null && bucket.toUpperCase(Locale.ROOT).contains("HANG"))
                    || (a.fields
                            .getOrDefault("DEFAULT_BUCKET_ID", "")
                            .toUpperCase(Locale.ROOT)
                            .contains("HANG"));
            if (code < 0 && !hang && bucket == null && a.name == null) {
                return;
            }
            List<String> args = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String v = a.args.get(i);
                if (v == null) {
                    v = a.fields.get("BUGCHECK_P" + i);
                }
                args.add(v);
            }
            String subcode = a.fields.get("DRVPOWERSTATE_SUBCODE");
            if (subcode == null && code == 0x9F && args.get(0) != null) {
                subcode = args.get(0).replaceFirst("^0+(?=.)", "");
            }
            boolean complete = a.followup || a.fields.containsKey("FAILURE_BUCKET_ID");
            WinBugCheck bc = new WinBugCheck(
                    nextId("analyze"),
                    a.ev.build(artifact),
                    hang ? "analyze-hang" : "analyze",
                    hang && code < 0 ? -1 : code,
                    a.name != null ? a.name : a.fields.get("BUGCHECK_STR"),
                    args,
                    bucket,
                    a.fields.get("SYMBOL_NAME"),
                    a.fields.get("MODULE_NAME"),
                    a.fields.get("IMAGE_NAME"),
                    subcode,
                    new ArrayList<>(a.hints),
                    a.stack,
                    a.fields.get("PROCESS_NAME"),
                    complete ? Completeness.COMPLETE : Completeness.TRUNCATED);
            sink.fact(bc);
            if (!complete) {
                sink.problem(new Problem(
                        Problem.ErrorId.TRUNCATED_REPORT,
                        artifact,
                        a.ev.first,
                        "the !analyze output is cut off after line " + a.ev.last
                                + " (no FAILURE_BUCKET_ID/Followup); what was read before is kept"));
            }
        }

        private void dotBugcheckLine(int no, String t) {
            Matcher m = DOT_BUGCHECK_ARGS.matcher(t);
            if (m.matches()) {
                dotEv.add(no, t);
                List<String> args = new ArrayList<>(List.of(m.group(1).trim().split("\\s+")));
                endDotBugcheck(args);
            } else if (!t.isEmpty()) {
                endDotBugcheck(List.of());
            }
        }

        private void endDotBugcheck(List<String> args) {
            if (dotCode == null) {
                return;
            }
            sink.fact(new WinBugCheck(
                    nextId("bugcheck"),
                    dotEv.build(artifact),
                    "bugcheck-command",
                    Long.parseLong(dotCode, 16),
                    null,
                    args,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    null,
                    Completeness.COMPLETE));
            dotCode = null;
            mode = Mode.NONE;
        }

        /** A kernel ERESOURCE block (kd {@code !locks} or MEX) starts: reset what the previous one read. */
        private void startResource(int no, String line, String address, boolean exclusive, Mode resourceMode) {
            endSections(no);
            resAddr = hex(address);
            resExclusive = exclusive;
            resOwners = new ArrayList<>();
            resHolders = new ArrayList<>();
            resWaiters = new ArrayList<>();
            resExWaiters = 0;
            resShWaiters = 0;
            resContention = 0;
            resList = null;
            resEv = new Ev(no, line);
            mode = resourceMode;
        }

        // ---------------------------------------------------------------- !deadlock

        private boolean deadlockLine(int no, String line, String t) {
            DeadlockB d = dl;
            Matcher m;
            if ((m = ISSUE.matcher(t)).find()) {
                d.issue = m.group(1);
            } else if (DEADLOCK.matcher(t).find()) {
                d.detected = true;
            } else if ((m = DL_TOOK.matcher(t)).find() || (m = DL_TOOK_DOC.matcher(t)).find()) {
                d.current = d.thread(Integer.parseInt(m.group(1)));
                d.current.name = m.group(2);
                d.currentLock = null;
            } else if (d.current != null && (m = DL_LOCK_DOC.matcher(t)).find()) {
                String addr = m.group(2).contains("!") ? null : m.group(2);
                String sym = m.group(2).contains("!") ? m.group(2) : null;
                d.locks.putIfAbsent(
                        m.group(1), new WinVerifierDeadlock.Lock(m.group(1), hex(addr), symbolOf(sym), m.group(3)));
                d.current.letters.add(m.group(1));
                d.currentLock = m.group(1);
                d.stackSeen = false;
            } else if ((m = DL_ORDER.matcher(t)).matches()) {
                DeadlockB.T th = d.thread(Integer.parseInt(m.group(1)));
                th.letters.clear();
                th.letters.addAll(List.of(m.group(2).split("\\s+")));
            } else if ((m = DL_THREAD.matcher(t)).matches()) {
                d.thread(Integer.parseInt(m.group(1))).name = m.group(2);
            } else if ((m = DL_LOCK.matcher(t)).find()) {
                String addr = m.group(2);
                String sym = m.group(3);
                if (addr.contains("!")) {
                    sym = addr;
                    addr = null;
                }
                d.locks.putIfAbsent(
                        m.group(1), new WinVerifierDeadlock.Lock(m.group(1), hex(addr), symbolOf(sym), m.group(4)));
                if (d.current != null) {
                    d.current.letters.add(m.group(1));
                    d.currentLock = m.group(1);
                    d.stackSeen = false;
                }
            } else if (d.current != null
                    && ((m = DL_STACK.matcher(line)).find() || (m = DL_STACK_BARE.matcher(line)).find())) {
                if (!d.stackSeen || d.current.functions.size() < d.current.letters.size()) {
                    Frame f = DebuggerFrames.frame(m.group(1), no);
                    if (d.current.functions.size() < d.current.letters.size()
                            && f.module() != null
                            && !io.lockdoc.model.windows.WaitSignatures.isSystemModule(f.module())) {
                        d.current.functions.add(f.function());
                        d.stackSeen = true;
                    }
                }
            } else {
                return false;
            }
            d.ev.add(no, line);
            return true;
        }

        private void endDeadlock() {
            if (dl == null) {
                return;
            }
            DeadlockB d = dl;
            dl = null;
            if (!d.detected || d.locks.isEmpty()) {
                return;
            }
            List<WinVerifierDeadlock.ThreadOrder> orders = new ArrayList<>();
            for (DeadlockB.T t : d.threads.values()) {
                orders.add(new WinVerifierDeadlock.ThreadOrder(t.index, t.name, t.letters, t.functions));
            }
            sink.fact(new WinVerifierDeadlock(
                    nextId("deadlock"), d.ev.build(artifact), d.issue, new ArrayList<>(d.locks.values()), orders));
        }

        // ---------------------------------------------------------------- sections and the end

        void endSections(int no) {
            endSyncblkRow();
            if (dlk != null) {
                dlk.emit(sink, this::nextId);
                dlk = null;
            }
            endStack(no);
            endCritsec(no);
            if (mode == Mode.CS) {
                endCs(no);
            }
            endResource(no);
            endHandle(no);
            endAnalyze(no);
            endDotBugcheck(List.of());
            if (mode != Mode.NONE && mode != Mode.MEXLT_USER) {
                mode = Mode.NONE;
            }
            mode = Mode.NONE;
        }

        void finish(int lastLine) {
            boolean cutStack = mode == Mode.STACK
                    && !stackFrames.isEmpty()
                    && !DebuggerFrames.isThreadStart(stackFrames.get(stackFrames.size() - 1));
            String cutWho = stackTargets.isEmpty() ? "a thread" : "thread " + describe(stackTargets.get(0));
            endSections(lastLine + 1);
            endDeadlock();
            rtl.emit(sink, this::nextId);
            if (cutStack) {
                sink.problem(
                        new Problem(
                                Problem.ErrorId.TRUNCATED_REPORT,
                                artifact,
                                lastLine,
                                "the stack of " + cutWho + " ends at line " + lastLine
                                        + " without a thread-start frame: the log seems cut mid-stack; its frames so far are kept"));
            }
            for (ThreadB th : threads) {
                if (th.ev == null) {
                    continue;
                }
                sink.fact(new WinThread(
                        artifact + "#thread" + (th.order + 1),
                        th.ev.build(artifact),
                        th.pid,
                        th.tid,
                        th.dbg,
                        th.addr,
                        th.state,
                        th.waitReason,
                        th.frames,
                        th.waitArgs,
                        th.waitObject,
                        th.waitOwner,
                        th.frames.isEmpty() && threadListSeen));
            }
        }

        private static String describe(ThreadB th) {
            if (th.tid != null) {
                return (th.pid == null ? "" : th.pid + ".") + th.tid;
            }
            return th.addr != null ? th.addr : th.dbg != null ? "#" + th.dbg : "?";
        }
    }

    /** An {@code !analyze} section being read. */
    static final class AnalyzeB {
        static final Set<String> STARTERS = Set.of(
                "BUGCHECK_STR",
                "BUGCHECK_CODE",
                "FAILURE_BUCKET_ID",
                "DEFAULT_BUCKET_ID",
                "DRVPOWERSTATE_SUBCODE",
                "KEY_VALUES_STRING",
                "FOLLOWUP_IP",
                "FAULTING_IP",
                "SYMBOL_NAME",
                "IMAGE_NAME",
                "THREAD_SHA1_HASH_MOD_FUNC");
        static final Set<String> QUOTED = Set.of(
                "BUGCHECK_CODE",
                "BUGCHECK_STR",
                "BUGCHECK_P1",
                "DRVPOWERSTATE_SUBCODE",
                "SYMBOL_NAME",
                "MODULE_NAME",
                "IMAGE_NAME",
                "FAILURE_BUCKET_ID",
                "DEFAULT_BUCKET_ID",
                "PROCESS_NAME");
        final Ev ev;
        final boolean hangCommand;
        boolean exception;
        String name;
        String nameCode;
        final Map<Integer, String> args = new LinkedHashMap<>();
        final Map<String, String> fields = new LinkedHashMap<>();
        final Map<String, String> keys = new LinkedHashMap<>();
        final Set<String> hints = new LinkedHashSet<>();
        final List<Frame> stack = new ArrayList<>();
        String pendingKey;
        boolean inStack;
        boolean followup;

        AnalyzeB(int no, String line, boolean hangCommand) {
            this.ev = new Ev(no, line);
            this.hangCommand = hangCommand;
        }

        long code() {
            List<String> candidates = new ArrayList<>();
            candidates.add(fields.get("BUGCHECK_CODE"));
            candidates.add(nameCode);
            candidates.add(keys.get("Bugcheck.Code.LegacyAPI"));
            candidates.add(keys.get("Bugcheck.Code.KiBugCheckData"));
            candidates.add(fields.get("BUGCHECK_STR"));
            String bucket = fields.getOrDefault("FAILURE_BUCKET_ID", keys.get("Failure.Bucket"));
            if (bucket == null) {
                bucket = fields.get("BUCKET_ID");
            }
            if (bucket != null) {
                Matcher m = Pattern.compile("^0x([0-9a-fA-F]+)_").matcher(bucket);
                if (m.find()) {
                    candidates.add(m.group(1));
                }
            }
            for (String c : candidates) {
                if (c == null) {
                    continue;
                }
                String h = c.trim().replaceFirst("^0[xX]", "");
                if (h.matches("[0-9a-fA-F]{1,8}")) {
                    return Long.parseLong(h, 16);
                }
            }
            return -1;
        }
    }

    /** A {@code !deadlock} section being read. */
    static final class DeadlockB {
        static final class T {
            int index;
            String name;
            final List<String> letters = new ArrayList<>();
            final List<String> functions = new ArrayList<>();
        }

        final Ev ev;
        String issue;
        boolean detected;
        final Map<String, WinVerifierDeadlock.Lock> locks = new LinkedHashMap<>();
        final Map<Integer, T> threads = new LinkedHashMap<>();
        T current;
        String currentLock;
        boolean stackSeen;

        DeadlockB(int no, String line) {
            this.ev = new Ev(no, line);
        }

        T thread(int i) {
            return threads.computeIfAbsent(i, k -> {
                T t = new T();
                t.index = k;
                return t;
            });
        }
    }

    static String hex(String s) {
        return WinThread.normHex(s);
    }

    /** {@code CSLock!cs1+0x0} -> {@code CSLock!cs1}; a bare {@code +addr} is no symbol. */
    static String symbolOf(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().replaceFirst("\\+(?:0x)?0+$", "");
        if (t.isEmpty() || t.startsWith("+")) {
            return null;
        }
        return t;
    }

    static long parseNumber(String s) {
        if (s == null) {
            return 0;
        }
        String t = s.strip().replace(",", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                long v = Long.parseUnsignedLong(t.substring(2).replace("`", ""), 16);
                return t.length() <= 10 ? (int) v : v;
            }
            if (t.startsWith("0n")) {
                return Long.parseLong(t.substring(2));
            }
            Matcher m = Pattern.compile("-?\\d+").matcher(t);
            return m.find() ? Long.parseLong(m.group()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
