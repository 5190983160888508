package io.lockdoc.model.windows;

import io.lockdoc.model.Completeness;
import io.lockdoc.model.Evidence;
import io.lockdoc.model.Frame;
import java.util.List;

/**
 * A bug check, or a hang analysis, as {@code !analyze -v} (old or new layout), {@code .bugcheck},
 * an event log (Kernel-Power 41, BugCheck 1001) printed it. Arguments are hex strings as printed.
 */
public final class WinBugCheck extends WinFact {
    /** Where it was read: {@code analyze}, {@code analyze-hang}, {@code bugcheck-command}, {@code eventlog}. */
    private final String source;

    private final long code;
    private final String name;
    private final List<String> args;
    private final String failureBucket;
    private final String symbolName;
    private final String moduleName;
    private final String imageName;
    private final String subcode;
    private final List<String> driverHints;
    private final List<Frame> stack;
    private final String processName;
    private final Completeness completeness;

    public WinBugCheck(
            String id,
            Evidence evidence,
            String source,
            long code,
            String name,
            List<String> args,
            String failureBucket,
            String symbolName,
            String moduleName,
            String imageName,
            String subcode,
            List<String> driverHints,
            List<Frame> stack,
            String processName,
            Completeness completeness) {
        super(id, evidence);
        this.source = source;
        this.code = code;
        this.name = name;
        this.args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
        this.failureBucket = failureBucket;
        this.symbolName = symbolName;
        this.moduleName = moduleName;
        this.imageName = imageName;
        this.subcode = subcode;
        this.driverHints = List.copyOf(driverHints);
        this.stack = List.copyOf(stack);
        this.processName = processName;
        this.completeness = completeness;
    }

    public String getSource() {
        return source;
    }

    /** The bug check code; -1 for a user-mode hang analysis without one. */
    public long getCode() {
        return code;
    }

    public String getCodeHex() {
        return code < 0 ? null : "0x" + Long.toHexString(code).toUpperCase(java.util.Locale.ROOT);
    }

    public boolean isHangAnalysis() {
        return "analyze-hang".equals(source);
    }

    /** An Application Verifier stop that {@code !analyze} printed like a bug check ({@code APPLICATION_VERIFIER_*}). */
    public boolean isVerifierStop() {
        return name != null && name.startsWith("APPLICATION_VERIFIER_");
    }

    public String getName() {
        return name;
    }

    public List<String> getArgs() {
        return args;
    }

    /** Argument 1..4 as a number, or -1 when missing or unreadable. */
    public long arg(int n) {
        if (n < 1 || n > args.size() || args.get(n - 1) == null) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(args.get(n - 1).replace("`", "").replaceFirst("^0x", ""), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public long getArg1() {
        return arg(1);
    }

    public String getFailureBucket() {
        return failureBucket;
    }

    public String getSymbolName() {
        return symbolName;
    }

    public String getModuleName() {
        return moduleName;
    }

    public String getImageName() {
        return imageName;
    }

    /** {@code DRVPOWERSTATE_SUBCODE} or the 0x9F first argument. */
    public String getSubcode() {
        return subcode;
    }

    /** Drivers the analysis mentions without blaming ("Unable to load image X.sys", a WDF time-out note ...). */
    public List<String> getDriverHints() {
        return driverHints;
    }

    public List<Frame> getStack() {
        return stack;
    }

    public String getProcessName() {
        return processName;
    }

    public Completeness getCompleteness() {
        return completeness;
    }

    public boolean isComplete() {
        return completeness == Completeness.COMPLETE;
    }

    @Override
    public String toString() {
        return "WinBugCheck[" + source + " " + getCodeHex() + " " + name + " bucket=" + failureBucket + "]";
    }
}
