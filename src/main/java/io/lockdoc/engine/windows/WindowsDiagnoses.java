package io.lockdoc.engine.windows;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Frame;
import io.lockdoc.model.Participant;
import io.lockdoc.model.windows.FileConflictLoop;
import io.lockdoc.model.windows.WaitSignatures;
import io.lockdoc.model.windows.WinAppHang;
import io.lockdoc.model.windows.WinBugCheck;
import io.lockdoc.model.windows.WinLockWait;
import io.lockdoc.model.windows.WinMonitor;
import io.lockdoc.model.windows.WinPowerIrp;
import io.lockdoc.model.windows.WinVerifierDeadlock;
import io.lockdoc.model.windows.WinWaitCycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds findings for the Windows decide rules. Culprit policy (documented per cause in the README):
 * a wait cycle names the first own frame (not ntdll/kernel32/nt ...) of each thread on it, joined
 * with {@code " / "} in the order the dump lists the threads; a single contended lock names its
 * owner's first own frame, else a waiter's, else the module of the lock's symbol; a bug check names
 * the failing symbol ({@code SYMBOL_NAME}, else the symbol in the failure bucket), except 0x9F,
 * which names the driver holding the IRP ({@code IMAGE_NAME}, else the bucket's {@code IMAGE_}
 * part); Driver Verifier names the first own frame of each thread's acquisitions, else the module of
 * the locks; an application hang names the application; a file conflict names the process that
 * keeps failing.
 */
public final class WindowsDiagnoses {
    private static final Pattern BUCKET_SYMBOL = Pattern.compile("([\\w.\\-]+![^\\s+]+)");
    private static final Pattern BUCKET_IMAGE =
            Pattern.compile("IMAGE_([\\w.\\-]+\\.(?:sys|dll|exe))", Pattern.CASE_INSENSITIVE);

    private WindowsDiagnoses() {}

    /** Every Windows finding: its cause, rule and confidence, the Windows platform, and the fact it rests on. */
    private static Finding.Builder start(Cause cause, String rule, double confidence, io.lockdoc.model.Fact fact) {
        return Finding.builder(cause, rule)
                .bind("platform", "windows")
                .confidence(confidence)
                .evidence(fact.getEvidence())
                .matched(fact);
    }

    public static Finding cycle(WinWaitCycle c, Cause cause, String rule, double confidence) {
        Finding.Builder f = start(cause, rule, confidence, c);
        List<String> functions = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        for (WinWaitCycle.Step s : c.getSteps()) {
            if (s.function() != null && !functions.contains(s.function())) {
                functions.add(s.function());
            }
            f.participant(new Participant(
                    "waiter",
                    Participant.Kind.THREAD,
                    s.thread(),
                    "waits for " + s.kind() + " " + s.lock() + (s.function() == null ? "" : " in " + s.function())
                            + (s.inferred() ? " (inferred: the only contended lock it does not own)" : "")));
            f.participant(new Participant("lock", Participant.Kind.LOCK, s.lock(), s.kind()));
            chain.add(s.thread() + " -[" + s.lock() + "]->");
        }
        chain.add(c.getSteps().get(0).thread());
        String culprit = functions.isEmpty() ? null : String.join(" / ", functions);
        f.culprit(culprit == null ? null : new Culprit(culprit, moduleOf(functions.get(0)), null));
        f.bind("chain", String.join(" ", chain));
        f.bind("lock", c.getSteps().get(0).lock());
        f.bind(
                "owner",
                c.getSteps().size() > 1
                        ? c.getSteps().get(1).thread()
                        : c.getSteps().get(0).thread());
        f.bind("thread", c.getSteps().get(0).thread());
        f.bind("function", functions.isEmpty() ? null : functions.get(0));
        f.bind("module", functions.isEmpty() ? null : moduleOf(functions.get(0)));
        f.summary("Deadlock: " + c.getSize() + " threads wait for each other's " + String.join("/", c.getKinds()) + " ("
                + String.join(" ", chain) + ")" + (c.isExplicit() ? "" : "; at least one edge is inferred"));
        f.graph(WindowsGraphs.fromCycle(c, functions.isEmpty() ? null : functions.get(0)));
        f.signatureKey("cycle|" + String.join("|", new java.util.TreeSet<>(c.getKinds())) + "@"
                + Objects.toString(culprit, ""));
        return f.build();
    }

    public static Finding lockWait(WinLockWait w, Cause cause, String rule, double confidence) {
        Finding.Builder f = start(cause, rule, confidence, w);
        f.culprit(
                w.getCulpritFunction() == null && w.getOwner() == null
                        ? null
                        : new Culprit(w.getCulpritFunction(), w.getCulpritModule(), null));
        f.participant(new Participant("lock", Participant.Kind.LOCK, w.getLock(), w.getKind()));
        if (w.getOwner() != null) {
            f.participant(new Participant(
                    "owner",
                    Participant.Kind.THREAD,
                    w.getOwner(),
                    w.isOwnerGone()
                            ? "owns the lock but no longer exists"
                            : w.isOwnerBlocked() ? "owns the lock and is itself blocked" : "owns the lock"));
        }
        for (String t : w.getWaiters()) {
            f.participant(new Participant("waiter", Participant.Kind.THREAD, t, "waits for " + w.getLock()));
        }
        f.bind("lock", w.getLock());
        f.bind("owner", w.getOwner());
        f.bind("waiters", String.valueOf(w.getWaiterCount()));
        f.bind("function", w.getCulpritFunction());
        f.bind("module", w.getCulpritModule());
        f.summary(w.getDetail());
        f.graph(WindowsGraphs.fromLockWait(w));
        f.signatureKey(
                w.getKind() + "|" + normalizeLock(w.getLock()) + "@" + Objects.toString(w.getCulpritFunction(), ""));
        return f.build();
    }

    public static Finding bugCheck(WinBugCheck b, Cause cause, String rule, double confidence) {
        Finding.Builder f = start(cause, rule, confidence, b).completeness(b.getCompleteness());
        String culprit = bugCheckCulprit(b);
        f.culprit(culprit == null ? null : new Culprit(culprit, moduleOf(culprit), b.getProcessName()));
        String code = b.getCodeHex();
        f.bind("bugcheck", code);
        f.bind("bugcheckName", b.getName());
        f.bind("arg1", b.getArgs().isEmpty() ? null : b.getArgs().get(0));
        f.bind("arg2", b.getArgs().size() > 1 ? b.getArgs().get(1) : null);
        f.bind("arg3", b.getArgs().size() > 2 ? b.getArgs().get(2) : null);
        f.bind("arg4", b.getArgs().size() > 3 ? b.getArgs().get(3) : null);
        f.bind("image", b.getImageName());
        f.bind("bucket", b.getFailureBucket());
        f.bind("function", culprit);
        f.bind("module", culprit == null ? null : moduleOf(culprit));
        f.bind("subcode", b.getSubcode());
        f.bind("process", b.getProcessName());
        for (String h : b.getDriverHints()) {
            f.participant(new Participant("hint", Participant.Kind.MODULE, h, "named by the analysis, not blamed"));
        }
        if (culprit != null) {
            f.participant(new Participant("culprit", Participant.Kind.MODULE, culprit, "blamed by the analysis"));
        }
        String what = b.isHangAnalysis()
                ? "!analyze -hang reports an application hang"
                : "Bug check " + code + (b.getName() == null ? "" : " " + b.getName());
        f.summary(what
                + (culprit == null ? "" : "; blamed: " + culprit)
                + (b.getSubcode() != null && b.getCode() == 0x9F ? " (subcode " + b.getSubcode() + ")" : "")
                + (b.isComplete() ? "" : "; the analysis is cut off"));
        f.signatureKey("bugcheck|" + Objects.toString(code, "hang") + "@" + Objects.toString(culprit, ""));
        return f.build();
    }

    /**
     * An Application Verifier lock stop: the verifier saw the misuse that hangs the thread (or every later
     * acquirer); {@code lockArg} (1-4) is the argument that holds the lock's address, {@code lockKind} its kind.
     */
    public static Finding verifierStop(
            WinBugCheck b, Cause cause, String rule, double confidence, String lockKind, int lockArg) {
        Finding.Builder f = start(cause, rule, confidence, b).completeness(b.getCompleteness());
        String address = b.getArgs().size() >= lockArg ? b.getArgs().get(lockArg - 1) : null;
        String lock = address == null ? null : lockKind + " " + address;
        Frame own = WaitSignatures.firstOwnFrame(b.getStack());
        String culprit = own == null ? null : own.function();
        f.culprit(culprit == null ? null : new Culprit(culprit, moduleOf(culprit), b.getProcessName()));
        f.bind("bugcheck", b.getCodeHex());
        f.bind("bugcheckName", b.getName());
        f.bind("lock", lock);
        f.bind("function", culprit);
        f.bind("module", culprit == null ? null : moduleOf(culprit));
        f.bind("process", b.getProcessName());
        if (lock != null) {
            f.participant(new Participant("lock", Participant.Kind.LOCK, lock, lockKind));
        }
        f.summary("Application Verifier stop " + b.getCodeHex() + " " + b.getName()
                + (lock == null ? "" : " on " + lock)
                + (culprit == null ? "" : " in " + culprit)
                + (b.isComplete() ? "" : "; the stop text is cut off"));
        f.signatureKey("verifier|" + b.getName() + "@" + Objects.toString(culprit, ""));
        return f.build();
    }

    /** A CLR monitor that SOS shows with waiters counted in MonitorHeld but no owning thread. */
    public static Finding unownedMonitor(WinMonitor m, Cause cause, String rule, double confidence) {
        Finding.Builder f = start(cause, rule, confidence, m);
        f.bind("lock", "monitor " + m.getLabel());
        f.bind("syncblock", m.getSyncBlock());
        f.participant(new Participant(
                "lock", Participant.Kind.LOCK, "monitor " + m.getLabel(), "sync block " + m.getSyncBlock()));
        f.summary("CLR monitor " + m.getLabel() + " (sync block " + m.getSyncBlock() + ") has no owning thread but"
                + " MonitorHeld " + m.getMonitorHeld() + " still counts waiters: a lost wake-up or a corrupt lock"
                + " state; threads entering it wait forever");
        f.signatureKey("monitor-unowned|" + Objects.toString(m.getType(), ""));
        return f.build();
    }

    /** See the class comment. */
    static String bugCheckCulprit(WinBugCheck b) {
        String bucket = b.getFailureBucket();
        if (b.getCode() == 0x9F) {
            if (b.getImageName() != null) {
                return b.getImageName();
            }
            if (bucket != null) {
                Matcher m = BUCKET_IMAGE.matcher(bucket);
                if (m.find()) {
                    return m.group(1);
                }
            }
            return null;
        }
        if (b.getSymbolName() != null && b.getSymbolName().contains("!")) {
            return b.getSymbolName().replaceFirst("\\+(?:0x)?[0-9a-fA-F]+$", "");
        }
        if (bucket != null) {
            int bang = bucket.indexOf('!');
            if (bang > 0) {
                int start = bucket.lastIndexOf('_', bang) + 1;
                String sym = bucket.substring(start).replaceFirst("\\+.*$", "");
                Matcher m = BUCKET_SYMBOL.matcher(sym);
                if (m.find()) {
                    return m.group(1);
                }
            }
            Matcher m = BUCKET_IMAGE.matcher(bucket);
            if (m.find()) {
                return m.group(1);
            }
        }
        return b.getImageName();
    }

    public static Finding verifier(WinVerifierDeadlock d, String rule, double confidence) {
        Finding.Builder f = start(Cause.DRIVER_VERIFIER_DEADLOCK, rule, confidence, d);
        List<String> functions = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (WinVerifierDeadlock.ThreadOrder t : d.getThreads()) {
            if (!t.functions().isEmpty() && !functions.contains(t.functions().get(0))) {
                functions.add(t.functions().get(0));
            }
            List<String> names = t.letters().stream()
                    .map(l -> d.lock(l) == null ? l : d.lock(l).name())
                    .toList();
            orders.add("thread " + t.index() + " (" + Objects.toString(t.thread(), "?") + "): "
                    + String.join(" -> ", names));
            f.participant(new Participant(
                    "thread",
                    Participant.Kind.THREAD,
                    Objects.toString(t.thread(), "thread " + t.index()),
                    "took " + String.join(" then ", names)
                            + (t.functions().isEmpty()
                                    ? ""
                                    : " in " + t.functions().get(0))));
        }
        for (WinVerifierDeadlock.Lock l : d.getLocks()) {
            f.participant(new Participant(
                    "lock", Participant.Kind.LOCK, l.name(), "lock " + l.letter() + ", type " + l.type()));
        }
        String culprit = functions.isEmpty() ? lockModule(d) : String.join(" / ", functions);
        f.culprit(culprit == null ? null : new Culprit(culprit, moduleOf(culprit), null));
        f.bind("chain", String.join("; ", orders));
        f.bind("lockA", d.getLocks().isEmpty() ? null : d.getLocks().get(0).name());
        f.bind("lockB", d.getLocks().size() > 1 ? d.getLocks().get(1).name() : null);
        f.bind("module", culprit == null ? null : moduleOf(culprit));
        f.bind("function", functions.isEmpty() ? null : functions.get(0));
        f.graph(WindowsGraphs.fromVerifier(d, functions.isEmpty() ? null : functions.get(0)));
        f.summary("Driver Verifier detected a lock-order deadlock: " + String.join("; ", orders));
        f.signatureKey("verifier|"
                + String.join(
                        "|",
                        d.getLocks().stream()
                                .map(WinVerifierDeadlock.Lock::name)
                                .map(WindowsDiagnoses::normalizeLock)
                                .sorted()
                                .toList())
                + "@" + Objects.toString(culprit, ""));
        return f.build();
    }

    private static String lockModule(WinVerifierDeadlock d) {
        for (WinVerifierDeadlock.Lock l : d.getLocks()) {
            if (l.symbol() != null && l.symbol().contains("!")) {
                return l.symbol().substring(0, l.symbol().indexOf('!'));
            }
        }
        return null;
    }

    public static Finding powerIrp(WinPowerIrp p, String rule, double confidence) {
        Finding.Builder f = start(Cause.POWER_IRP_HANG, rule, confidence, p);
        f.participant(new Participant("irp", Participant.Kind.LOCK, p.getIrp(), p.getKind() + " power IRP"));
        f.participant(
                new Participant("device", Participant.Kind.MODULE, p.getDevice(), "the IRP is current at this device"));
        if (p.getWorkerThread() != null) {
            f.participant(new Participant(
                    "worker", Participant.Kind.THREAD, p.getWorkerThread(), "power IRP worker holding it"));
        }
        f.bind("irp", p.getIrp());
        f.bind("device", p.getDevice());
        f.bind("thread", p.getWorkerThread());
        f.summary("A " + p.getKind() + " power IRP (" + p.getIrp() + ") is still current at device " + p.getDevice()
                + ", held by IRP worker " + p.getWorkerThread());
        f.signatureKey("poaction|" + p.getKind());
        return f.build();
    }

    public static Finding appHang(WinAppHang a, String rule, double confidence) {
        Finding.Builder f = start(Cause.APPLICATION_HANG, rule, confidence, a);
        f.culprit(a.getAppName() == null ? null : new Culprit(a.getAppName(), null, a.getAppName()));
        f.participant(new Participant(
                "process",
                Participant.Kind.PROCESS,
                Objects.toString(a.getAppName(), "?"),
                "pid " + Objects.toString(a.getProcessId(), "?")
                        + (a.getHangType() == null ? "" : ", " + a.getHangType())));
        f.bind("app", a.getAppName());
        f.bind("process", a.getAppName());
        f.bind("pid", a.getProcessId());
        f.bind("hangType", a.getHangType());
        f.summary(a.getEventName() + ": " + Objects.toString(a.getAppName(), "an application") + " stopped responding"
                + (a.getHangType() == null ? "" : " (" + a.getHangType() + ")")
                + (a.getCount() > 1 ? ", " + a.getCount() + " times" : ""));
        f.signatureKey("apphang|" + Objects.toString(a.getAppName(), "").toLowerCase(Locale.ROOT));
        return f.build();
    }

    public static Finding fileConflict(FileConflictLoop l, String rule, double confidence) {
        Finding.Builder f = start(Cause.FILE_LOCK_CONFLICT, rule, confidence, l);
        f.culprit(new Culprit(l.getProcess(), null, l.getProcess() + "/" + l.getProcessId()));
        f.participant(new Participant(
                "waiter",
                Participant.Kind.PROCESS,
                l.getProcess() + "/" + l.getProcessId(),
                l.getFailures() + " x " + l.getStatus() + " on " + l.getPath()));
        f.participant(new Participant("file", Participant.Kind.LOCK, l.getPath(), l.getStatus()));
        for (String h : l.getHolders()) {
            f.participant(new Participant("holder", Participant.Kind.PROCESS, h, "had the path open or locked"));
        }
        f.bind("path", l.getPath());
        f.bind("process", l.getProcess());
        f.bind("pid", l.getProcessId());
        f.bind("status", l.getStatus());
        f.bind("holder", l.getHolders().isEmpty() ? null : l.getHolders().get(0));
        f.summary(l.getProcess() + " (pid " + l.getProcessId() + ") retried " + l.getFailures() + " times over "
                + String.format(Locale.ROOT, "%.1f", Math.max(0, l.getSpanSeconds())) + " s and got " + l.getStatus()
                + " on " + l.getPath()
                + (l.getHolders().isEmpty() ? "" : "; held by " + String.join(", ", l.getHolders())));
        f.signatureKey("fileconflict|" + l.getStatus() + "|" + l.getProcess().toLowerCase(Locale.ROOT));
        return f.build();
    }

    static String moduleOf(String function) {
        if (function == null) {
            return null;
        }
        int bang = function.indexOf('!');
        if (bang < 0 && WaitSignatures.isManagedMethod(function)) {
            return null;
        }
        return bang > 0 ? function.substring(0, bang) : function;
    }

    static String normalizeLock(String lock) {
        return lock == null ? "" : lock.replaceAll("\\b[0-9a-fA-F`]{6,}\\b", "ADDR");
    }
}
